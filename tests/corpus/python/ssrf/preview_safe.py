from urllib.parse import urlparse

import requests
from flask import Flask, request, jsonify, abort

app = Flask(__name__)
ALLOWED_HOSTS = {"images.example.com", "cdn.example.com"}

@app.route("/api/preview")
def preview():
    url = request.args.get("url")
    if urlparse(url).hostname not in ALLOWED_HOSTS:
        abort(400)
    resp = requests.get(url, timeout=5)
    return jsonify(status=resp.status_code, length=len(resp.content))
