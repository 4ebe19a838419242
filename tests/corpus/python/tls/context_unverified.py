import socket
import ssl


def fetch_status(host: str) -> bytes:
    ctx = ssl.create_default_context()
    ctx.check_hostname = False  # expect: CWE-295
    ctx.verify_mode = ssl.CERT_NONE  # expect: CWE-295
    with socket.create_connection((host, 443)) as raw:
        with ctx.wrap_socket(raw, server_hostname=host) as tls:
            tls.sendall(b"GET /status HTTP/1.0\r\n\r\n")
            return tls.recv(4096)
