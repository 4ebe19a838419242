import socket

LISTEN_ADDR = ("0.0.0.0", 9100)


def serve():
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(LISTEN_ADDR)  # expect: CWE-200
    srv.listen(16)
    return srv
