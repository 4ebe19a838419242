import random
import string
from dataclasses import dataclass, field

def _new_api_key():
    return "".join(random.choices(string.ascii_letters + string.digits, k=40))  # expect: CWE-338

@dataclass
class ApiClient:
    name: str
    api_key: str = field(default_factory=_new_api_key)
