import zipfile

def unpack_upload(upload_path, dest):
    with zipfile.ZipFile(upload_path) as zf:
        zf.extractall(dest)  # expect: CWE-22
