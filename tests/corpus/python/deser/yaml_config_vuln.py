import yaml

def load_settings(path="settings.yml"):
    with open(path) as fh:
        return yaml.load(fh, Loader=yaml.Loader)  # expect: CWE-502
