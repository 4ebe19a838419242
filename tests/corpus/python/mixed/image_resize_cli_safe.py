#!/usr/bin/env python3
import argparse
import subprocess
from pathlib import Path

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("images", nargs="+", type=Path)
    parser.add_argument("--width", type=int, default=800)
    args = parser.parse_args()
    for image in args.images:
        out = image.with_name(image.stem + "_small" + image.suffix)
        subprocess.run(["convert", str(image), "-resize", f"{args.width}x", str(out)], check=True)

if __name__ == "__main__":
    main()
