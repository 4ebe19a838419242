import string
from secrets import choice


def new_api_token(length=32):
    alphabet = string.ascii_letters + string.digits
    return "".join(choice(alphabet) for _ in range(length))
