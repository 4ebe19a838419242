import json
import sys

import yaml

try:
    from yaml import CSafeLoader as SafeLoader
except ImportError:
    from yaml import SafeLoader


def main() -> None:
    data = yaml.load(sys.stdin, Loader=yaml.CSafeLoader)
    extra = yaml.load(open(sys.argv[1]), Loader=SafeLoader)
    json.dump({"data": data, "extra": extra}, sys.stdout)


if __name__ == "__main__":
    main()
