import os

import jwt

SECRET = os.environ["JWT_SECRET"]
ACCEPTED = ["HS256", "none"]


def user_id(token):
    claims = jwt.decode(token, SECRET, algorithms=ACCEPTED)  # expect: CWE-347
    return claims["sub"]
