from hashlib import md5


def account_row(username, password):
    return {
        "username": username.lower(),
        "password_hash": md5(password.encode()).hexdigest(),  # expect: CWE-916, CWE-328
    }
