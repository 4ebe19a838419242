from Crypto.PublicKey import RSA
from cryptography.hazmat.primitives.asymmetric import rsa

KEY_BITS = 3072


def signing_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=4096)


def legacy_key():
    return RSA.generate(KEY_BITS)
