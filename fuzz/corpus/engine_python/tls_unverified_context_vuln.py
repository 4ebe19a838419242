import ssl
import urllib.request

def download(url):
    ctx = ssl._create_unverified_context()  # expect: CWE-295
    with urllib.request.urlopen(url, context=ctx) as resp:
        return resp.read()
