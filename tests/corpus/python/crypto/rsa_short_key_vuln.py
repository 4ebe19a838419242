from Crypto.PublicKey import RSA
from cryptography.hazmat.primitives.asymmetric import rsa

LEGACY_BITS = 1024


def signing_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=1024)  # expect: CWE-326


def legacy_key():
    return RSA.generate(LEGACY_BITS)  # expect: CWE-326
