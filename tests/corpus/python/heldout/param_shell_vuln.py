import subprocess

def compress(path, level=6):
    subprocess.run(f"gzip -{level} {path}", shell=True, check=True)  # expect: CWE-78
