from Crypto.Cipher import DES

def encrypt_legacy(key: bytes, block: bytes) -> bytes:
    cipher = DES.new(key, DES.MODE_CBC, iv=b"12345678")  # expect: CWE-327
    return cipher.encrypt(block)
