import subprocess
from flask import Flask, request

app = Flask(__name__)

@app.route("/run")
def run():
    script = request.args.get("script", "")
    out = subprocess.run(["sh", "-c", script], capture_output=True, text=True)  # expect: CWE-78
    return out.stdout
