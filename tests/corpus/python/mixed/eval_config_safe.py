import json
from pathlib import Path

def load_limits(path=Path("limits.json")):
    return {k: int(v) for k, v in json.loads(path.read_text()).items()}
