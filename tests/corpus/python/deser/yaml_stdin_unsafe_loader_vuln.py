import sys

import yaml


def main() -> None:
    data = yaml.load(sys.stdin, Loader=yaml.UnsafeLoader)  # expect: CWE-502
    print(data)


if __name__ == "__main__":
    main()
