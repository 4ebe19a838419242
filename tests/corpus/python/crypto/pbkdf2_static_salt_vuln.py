import hashlib

SALT = b"my-app-salt"

def derive(password: str) -> str:
    return hashlib.pbkdf2_hmac("sha256", password.encode(), SALT, 200_000).hex()  # expect: CWE-760
