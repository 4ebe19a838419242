import hashlib

DIGEST = "sha1"


def signature(payload: bytes, key: bytes) -> str:
    h = hashlib.new(DIGEST)  # expect: CWE-328
    h.update(key + payload)
    return h.hexdigest()
