import hashlib

def etag_for(content: bytes) -> str:
    return hashlib.md5(content, usedforsecurity=False).hexdigest()
