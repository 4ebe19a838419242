import ftplib

def upload_report(path):
    ftp = ftplib.FTP("ftp.partner.example")  # expect: CWE-319
    ftp.login("reports", "s3cret-pass")
    with open(path, "rb") as fh:
        ftp.storbinary("STOR daily.csv", fh)
    ftp.quit()
