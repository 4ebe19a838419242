import traceback
from flask import Flask, request, jsonify

app = Flask(__name__)

@app.route("/api/import", methods=["POST"])
def import_data():
    try:
        rows = parse_rows(request.get_json())
        return jsonify(imported=len(rows))
    except Exception:
        return traceback.format_exc(), 500  # expect: CWE-209
