import sys

def count_lines(path):
    with open(path) as fh:
        return sum(1 for _ in fh)

if __name__ == "__main__":
    print(count_lines(sys.argv[1]))
