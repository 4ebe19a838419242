import os

def install_hook(path):
    with open(path, "w") as fh:
        fh.write("#!/bin/sh\nexec make test\n")
    os.chmod(path, 0o755)
