import os
from flask import Flask, request, send_file

app = Flask(__name__)
UPLOAD_DIR = "/srv/app/uploads"

@app.route("/files/download")
def download():
    filename = request.args.get("name")
    path = os.path.join(UPLOAD_DIR, filename)
    return send_file(path, as_attachment=True)  # expect: CWE-22
