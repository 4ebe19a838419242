import socket

LISTEN_ADDR = ("127.0.0.1", 9100)


def serve():
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(LISTEN_ADDR)
    srv.listen(16)
    return srv
