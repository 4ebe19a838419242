import httpx

client = httpx.Client(verify=False, timeout=10)  # expect: CWE-295

def get_status(url):
    return client.get(url).status_code
