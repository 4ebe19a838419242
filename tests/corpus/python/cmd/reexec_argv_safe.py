import os
import subprocess
import sys


def restart_with_reloader() -> int:
    """Run this program again in a child process, with the same arguments."""
    args = [sys.executable] + ["-W%s" % o for o in sys.warnoptions] + sys.argv
    env = dict(os.environ, RUN_MAIN="true")
    return subprocess.run(args, env=env, close_fds=False).returncode


def reexec() -> None:
    os.execv(sys.executable, [sys.executable] + sys.argv)
