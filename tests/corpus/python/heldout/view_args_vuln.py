import os
from flask import Flask, request

app = Flask(__name__)

@app.route("/archive", methods=["POST"])
def archive():
    opts = request.form.to_dict()
    os.system("zip -r /tmp/out.zip " + opts.get("folder", "."))  # expect: CWE-78
    return "ok"
