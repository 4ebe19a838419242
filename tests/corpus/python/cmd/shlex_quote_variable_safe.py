import os
import shlex
import subprocess


def archive(folder):
    target = shlex.quote("/tmp/" + folder + ".tar.gz")
    source = shlex.quote("/srv/share/" + folder)
    os.system("tar czf " + target + " " + source)


def grep(pattern, files):
    command = "grep -n {} {}".format(shlex.quote(pattern), shlex.join(files))
    return subprocess.check_output(command, shell=True)


def show(names):
    quoted = " ".join(shlex.quote(n) for n in names)
    os.system(f"ls -l {quoted}")
