import sys
import requests

def main():
    resp = requests.get(sys.argv[1], timeout=10)
    print(resp.status_code, len(resp.text))

if __name__ == "__main__":
    main()
