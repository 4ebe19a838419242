import hashlib as hl
from hashlib import md5, sha256

DIGEST = "sha256"


def file_checksum(path):
    h = hl.new(DIGEST)
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(65536), b""):
            h.update(block)
    return h.hexdigest()


def cache_key(url: str) -> str:
    return md5(url.encode(), usedforsecurity=False).hexdigest()


def content_id(data: bytes) -> str:
    return sha256(data).hexdigest()
