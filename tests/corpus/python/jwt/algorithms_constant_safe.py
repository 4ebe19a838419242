import os

import jwt

SECRET = os.environ["JWT_SECRET"]
ACCEPTED = ["HS256"]


def user_id(token):
    claims = jwt.decode(token, SECRET, algorithms=ACCEPTED)
    return claims["sub"]
