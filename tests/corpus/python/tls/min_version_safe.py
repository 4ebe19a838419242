import ssl
import urllib.request

def fetch(url):
    ctx = ssl.create_default_context()
    ctx.minimum_version = ssl.TLSVersion.TLSv1_2
    return urllib.request.urlopen(url, context=ctx).read()
