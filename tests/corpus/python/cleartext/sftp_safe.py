import paramiko

def upload_report(path, key_path):
    transport = paramiko.Transport(("sftp.partner.example", 22))
    transport.connect(username="reports", pkey=paramiko.Ed25519Key.from_private_key_file(key_path))
    sftp = paramiko.SFTPClient.from_transport(transport)
    sftp.put(path, "daily.csv")
    transport.close()
