from urllib.parse import urlsplit

import requests
from flask import Flask, abort, request

app = Flask(__name__)


@app.route("/fetch")
def fetch():
    target = request.args.get("target", "")
    parts = urlsplit(target)
    if parts.scheme not in ("http", "https"):
        abort(400)
    return requests.get(target, timeout=5).text  # expect: CWE-918
