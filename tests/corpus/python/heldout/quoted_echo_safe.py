import os
import shlex
import sys

if __name__ == "__main__":
    os.system("echo %s" % shlex.quote(sys.argv[1]))
