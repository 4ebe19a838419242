import requests

def get_metrics(user, password):
    return requests.get("http://metrics.internal.example/api/v1/summary", auth=(user, password), timeout=5).json()  # expect: CWE-319
