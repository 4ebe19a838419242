import sys

def main():
    config_value = sys.argv[1]
    settings = eval(config_value)  # expect: CWE-95
    print(settings)

if __name__ == "__main__":
    main()
