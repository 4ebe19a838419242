from yaml import load, SafeLoader, safe_load


def read_settings(path):
    with open(path) as fh:
        return load(fh, Loader=SafeLoader)


def read_defaults(text):
    return safe_load(text)
