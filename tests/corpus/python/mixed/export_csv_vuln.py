import csv
import os
from flask import Flask, request, send_file

app = Flask(__name__)
EXPORT_DIR = "/srv/exports"

@app.get("/export")
def export():
    name = request.args.get("report", "daily")
    path = os.path.join(EXPORT_DIR, name + ".csv")
    if not os.path.exists(path):
        with open(path, "w", newline="") as fh:  # expect: CWE-22
            csv.writer(fh).writerow(["empty"])
    return send_file(path)  # expect: CWE-22
