import os
import stat

PRIVATE_MODE = stat.S_IRUSR | stat.S_IWUSR
DIR_MODE = 0o750


def publish(path, text):
    with open(path, "w") as fh:
        fh.write(text)
    os.chmod(path, PRIVATE_MODE)


def make_spool(path):
    os.makedirs(path, exist_ok=True)
    os.chmod(path, DIR_MODE)
