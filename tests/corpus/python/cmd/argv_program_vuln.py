import subprocess
import sys


def run_tool() -> int:
    # The user names the program to run, then its arguments.
    return subprocess.run(sys.argv[1:] + ["--verbose"]).returncode  # expect: CWE-78


def run_quick(quick: bool) -> int:
    cmd = ["ls", "-l"] if quick else sys.argv[1:]
    return subprocess.run(cmd).returncode  # expect: CWE-78
