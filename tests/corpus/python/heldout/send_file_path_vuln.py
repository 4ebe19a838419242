from flask import Flask, send_file

app = Flask(__name__)

@app.route("/static-files/<path:filename>")
def static_files(filename):
    return send_file(f"static/{filename}")  # expect: CWE-22
