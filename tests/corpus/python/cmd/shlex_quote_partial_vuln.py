import os
import shlex


def copy(src, dest):
    # Only the source is quoted; the destination goes to the shell as it is.
    os.system("cp " + shlex.quote(src) + " " + dest)  # expect: CWE-78
