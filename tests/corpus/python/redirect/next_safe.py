from urllib.parse import urlparse
from flask import Flask, request, redirect, url_for

app = Flask(__name__)

@app.route("/login", methods=["POST"])
def login():
    next_page = request.args.get("next", "")
    if not next_page or urlparse(next_page).netloc:
        next_page = url_for("index")
    return redirect(next_page)
