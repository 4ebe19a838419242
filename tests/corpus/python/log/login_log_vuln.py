import logging
from flask import Flask, request

app = Flask(__name__)
log = logging.getLogger("auth")

@app.route("/login", methods=["POST"])
def login():
    username = request.form.get("username", "")
    log.warning("Failed login attempt for user: " + username)  # expect: CWE-117
    return "Invalid credentials", 401
