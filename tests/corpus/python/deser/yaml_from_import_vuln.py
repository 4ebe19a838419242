from yaml import load, Loader


def read_settings(path):
    with open(path) as fh:
        return load(fh, Loader=Loader)  # expect: CWE-502
