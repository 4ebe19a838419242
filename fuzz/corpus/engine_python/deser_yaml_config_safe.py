import yaml

def load_settings(path="settings.yml"):
    with open(path) as fh:
        return yaml.safe_load(fh)
