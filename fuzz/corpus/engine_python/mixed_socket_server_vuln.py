import socket
import subprocess

def handle(conn):
    data = conn.recv(1024).decode().strip()
    output = subprocess.check_output("nslookup " + data, shell=True)  # expect: CWE-78
    conn.sendall(output)

def serve():
    with socket.create_server(("127.0.0.1", 7000)) as srv:
        while True:
            conn, _ = srv.accept()
            handle(conn)
