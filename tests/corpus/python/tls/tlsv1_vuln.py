import ssl
import urllib.request

def fetch_legacy(url):
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLSv1)  # expect: CWE-327
    return urllib.request.urlopen(url, context=ctx).read()
