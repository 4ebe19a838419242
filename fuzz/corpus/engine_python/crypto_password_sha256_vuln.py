import hashlib

def hash_password(password: str) -> str:
    return hashlib.sha256(password.encode("utf-8")).hexdigest()  # expect: CWE-916

def verify_password(password: str, stored: str) -> bool:
    return hash_password(password) == stored
