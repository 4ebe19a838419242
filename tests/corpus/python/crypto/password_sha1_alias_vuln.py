import hashlib as hl
import os


def store_password(db, user, password):
    salt = os.urandom(8).hex()
    digest = hl.sha1((salt + password).encode()).hexdigest()  # expect: CWE-916, CWE-328
    db.save(user, salt, digest)
