import tarfile

def install_theme(archive_path, themes_dir):
    with tarfile.open(archive_path) as tar:
        tar.extractall(themes_dir, filter="data")
