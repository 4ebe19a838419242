import socket
import ssl

def connect(host, port=443):
    ctx = ssl.create_default_context()
    return ctx.wrap_socket(socket.create_connection((host, port)), server_hostname=host)
