import requests
from flask import Flask, request, jsonify

app = Flask(__name__)

@app.route("/api/preview")
def preview():
    url = request.args.get("url")
    resp = requests.get(url, timeout=5)  # expect: CWE-918
    return jsonify(status=resp.status_code, length=len(resp.content))
