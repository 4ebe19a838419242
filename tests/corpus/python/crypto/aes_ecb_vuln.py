from Crypto.Cipher import AES
from Crypto.Util.Padding import pad

KEY = b"0123456789abcdef"

def encrypt_token(data: bytes) -> bytes:
    cipher = AES.new(KEY, AES.MODE_ECB)  # expect: CWE-327
    return cipher.encrypt(pad(data, 16))
