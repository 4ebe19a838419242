from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

IV = b"\x00" * 16

def encrypt(key: bytes, padded: bytes) -> bytes:
    encryptor = Cipher(algorithms.AES(key), modes.CBC(IV)).encryptor()  # expect: CWE-329
    return encryptor.update(padded) + encryptor.finalize()
