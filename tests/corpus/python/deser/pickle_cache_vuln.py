import pickle
from pathlib import Path

CACHE = Path(".cache/results.pkl")

def load_cached_results():
    if CACHE.exists():
        with CACHE.open("rb") as fh:
            return pickle.load(fh)  # expect: CWE-502
    return None
