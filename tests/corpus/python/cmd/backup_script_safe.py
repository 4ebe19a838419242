import argparse
import subprocess

def main():
    parser = argparse.ArgumentParser(description="Back up a directory")
    parser.add_argument("source")
    parser.add_argument("--dest", default="/backups")
    args = parser.parse_args()
    subprocess.run(["tar", "czf", f"{args.dest}/backup.tar.gz", args.source], check=True)

if __name__ == "__main__":
    main()
