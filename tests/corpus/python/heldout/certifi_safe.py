import certifi
import requests
import yaml

def fetch_config(url):
    resp = requests.get(url, verify=certifi.where(), timeout=15)
    return yaml.load(resp.text, Loader=yaml.SafeLoader)
