import csv
import os
from flask import Flask, request, send_file, abort

app = Flask(__name__)
EXPORT_DIR = "/srv/exports"
REPORTS = {"daily", "weekly", "monthly"}

@app.get("/export")
def export():
    name = request.args.get("report", "daily")
    if name not in REPORTS:
        abort(404)
    path = os.path.join(EXPORT_DIR, name + ".csv")
    if not os.path.exists(path):
        with open(path, "w", newline="") as fh:
            csv.writer(fh).writerow(["empty"])
    return send_file(path)
