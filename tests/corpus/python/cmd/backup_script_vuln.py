import argparse
import os

def main():
    parser = argparse.ArgumentParser(description="Back up a directory")
    parser.add_argument("source")
    parser.add_argument("--dest", default="/backups")
    args = parser.parse_args()
    os.system("tar czf %s/backup.tar.gz %s" % (args.dest, args.source))  # expect: CWE-78

if __name__ == "__main__":
    main()
