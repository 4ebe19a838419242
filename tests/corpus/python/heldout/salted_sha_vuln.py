import hashlib
import os

def store_password(db, user, password):
    salt = os.urandom(16).hex()
    digest = hashlib.sha256((salt + password).encode()).hexdigest()  # expect: CWE-916
    db.save(user, salt, digest)
