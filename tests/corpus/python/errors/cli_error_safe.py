import sys

def main():
    try:
        run()
    except Exception as e:
        print(f"error: {e}", file=sys.stderr)
        return str(e)

if __name__ == "__main__":
    sys.exit(main())
