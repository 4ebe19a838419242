from flask import Flask, request, make_response

app = Flask(__name__)

@app.route("/download-name")
def download_name():
    filename = request.args.get("filename", "report.pdf")
    resp = make_response(open("report.pdf", "rb").read())
    resp.headers["Content-Disposition"] = f"attachment; filename={filename}"  # expect: CWE-113
    return resp
