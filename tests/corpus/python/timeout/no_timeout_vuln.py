import requests

def get_exchange_rate(currency):
    resp = requests.get(f"https://api.exchangerate.example/latest?base={currency}")  # expect: CWE-400
    return resp.json()["rates"]
