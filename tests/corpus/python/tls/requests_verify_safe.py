import requests

def fetch_invoices(api_base, token):
    resp = requests.get(f"{api_base}/invoices", headers={"Authorization": f"Bearer {token}"}, timeout=30)
    resp.raise_for_status()
    return resp.json()
