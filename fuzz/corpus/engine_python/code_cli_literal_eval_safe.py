import ast
import sys

def main():
    config_value = sys.argv[1]
    settings = ast.literal_eval(config_value)
    print(settings)

if __name__ == "__main__":
    main()
