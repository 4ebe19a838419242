import socket
from pickle import loads


def receive_job(conn: socket.socket):
    size = int.from_bytes(conn.recv(4), "big")
    blob = conn.recv(size)
    return loads(blob)  # expect: CWE-502
