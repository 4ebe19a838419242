import json

def save_state(state):
    with open("/tmp/app_state.json", "w") as fh:  # expect: CWE-377
        json.dump(state, fh)
