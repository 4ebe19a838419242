import hashlib

def sign_payload(payload: bytes, secret: bytes) -> str:
    return hashlib.sha1(secret + payload).hexdigest()  # expect: CWE-328
