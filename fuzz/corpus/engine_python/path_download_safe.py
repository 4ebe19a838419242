from flask import Flask, request, send_from_directory

app = Flask(__name__)
UPLOAD_DIR = "/srv/app/uploads"

@app.route("/files/download")
def download():
    filename = request.args.get("name")
    return send_from_directory(UPLOAD_DIR, filename, as_attachment=True)
