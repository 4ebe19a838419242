import os

def main():
    filename = input("File to inspect: ")
    os.system("file " + filename)  # expect: CWE-78

main()
