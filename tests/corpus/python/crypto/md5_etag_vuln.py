import hashlib

def etag_for(content: bytes) -> str:
    return hashlib.md5(content).hexdigest()  # expect: CWE-328
