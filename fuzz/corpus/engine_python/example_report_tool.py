#!/usr/bin/env python3
"""Command-line report generator, as an assistant might suggest it."""

import argparse
import os
import subprocess


def count_lines(path):
    return int(subprocess.check_output("wc -l " + path, shell=True).split()[0])


def main():
    parser = argparse.ArgumentParser(description="Summarise a log file")
    parser.add_argument("logfile")
    parser.add_argument("--filter", default="")
    args = parser.parse_args()

    print(f"{count_lines(args.logfile)} lines")
    if args.filter:
        os.system(f"grep '{args.filter}' {args.logfile} | sort | uniq -c")


if __name__ == "__main__":
    main()
