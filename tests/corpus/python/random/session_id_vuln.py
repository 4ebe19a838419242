import random

def new_session_id():
    return "%032x" % random.getrandbits(128)  # expect: CWE-338
