import os
import tempfile

def write_report(data: str) -> str:
    path = tempfile.mktemp(suffix=".csv")  # expect: CWE-377
    with open(path, "w") as fh:
        fh.write(data)
    return path
