from flask import Flask, make_response

app = Flask(__name__)

@app.route("/remember")
def remember():
    resp = make_response("remembered")
    resp.set_cookie("remember_token", generate_token(), max_age=30 * 24 * 3600)  # expect: CWE-614
    return resp
