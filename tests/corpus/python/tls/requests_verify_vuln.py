import requests

def fetch_invoices(api_base, token):
    resp = requests.get(f"{api_base}/invoices", headers={"Authorization": f"Bearer {token}"}, verify=False, timeout=30)  # expect: CWE-295
    resp.raise_for_status()
    return resp.json()
