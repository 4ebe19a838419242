import subprocess

def main():
    filename = input("File to inspect: ")
    subprocess.run(["file", filename], check=False)

main()
