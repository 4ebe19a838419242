import os
from flask import Flask, request

app = Flask(__name__)

@app.route("/tools/ping")
def ping():
    host = request.args.get("host", "127.0.0.1")
    output = os.popen(f"ping -c 3 {host}").read()  # expect: CWE-78
    return f"<pre>{output}</pre>"  # expect: CWE-79
