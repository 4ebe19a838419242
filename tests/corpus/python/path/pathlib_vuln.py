from pathlib import Path
from flask import Flask, request

app = Flask(__name__)
BASE = Path("/srv/templates")

@app.route("/template")
def template_source():
    name = request.args["name"]
    return (BASE / name).read_text()  # expect: CWE-22
