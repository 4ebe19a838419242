import socket

def serve(port=9000):
    srv = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    srv.bind(("0.0.0.0", port))  # expect: CWE-200
    srv.listen(5)
    return srv
