import secrets

from flask import Flask, make_response

app = Flask(__name__)


@app.route("/remember")
def remember():
    resp = make_response("ok")
    token = secrets.token_urlsafe(32)
    resp.set_cookie("remember", token, secure=False, httponly=True)  # expect: CWE-614
    return resp
