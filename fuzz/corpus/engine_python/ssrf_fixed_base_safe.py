from urllib.parse import quote

import requests
from flask import Flask, request

app = Flask(__name__)
API = "https://api.github.com/users/"

@app.route("/github")
def github_user():
    username = request.args.get("user", "")
    resp = requests.get(API + quote(username, safe=""), timeout=5)
    return resp.json()
