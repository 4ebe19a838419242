import marshal
import socket

def receive_code(sock: socket.socket):
    payload = sock.recv(65536)
    return marshal.loads(payload)  # expect: CWE-502
