import socket
import ssl

def connect(host, port=443):
    ctx = ssl.create_default_context()
    ctx.check_hostname = False  # expect: CWE-295
    ctx.verify_mode = ssl.CERT_NONE  # expect: CWE-295
    return ctx.wrap_socket(socket.create_connection((host, port)), server_hostname=host)
