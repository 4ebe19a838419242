from flask import Flask, request, make_response
from werkzeug.utils import secure_filename

app = Flask(__name__)

@app.route("/download-name")
def download_name():
    filename = secure_filename(request.args.get("filename", "report.pdf"))
    resp = make_response(open("report.pdf", "rb").read())
    resp.headers["Content-Disposition"] = "attachment; filename=report.pdf"
    return resp
