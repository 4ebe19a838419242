import requests

def get_exchange_rate(currency):
    resp = requests.get(f"https://api.exchangerate.example/latest?base={currency}", timeout=10)
    return resp.json()["rates"]
