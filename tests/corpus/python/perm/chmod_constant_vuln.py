import os
import stat

SHARED_MODE = stat.S_IRWXU | stat.S_IRWXG | stat.S_IRWXO
SPOOL_MODE = 0o777


def publish(path, text):
    with open(path, "w") as fh:
        fh.write(text)
    os.chmod(path, SHARED_MODE)  # expect: CWE-732


def make_spool(path):
    os.makedirs(path, exist_ok=True)
    os.chmod(path, SPOOL_MODE)  # expect: CWE-732
