import sqlite3
from flask import Flask, request

app = Flask(__name__)

def build_filter(params):
    clauses = []
    for key, value in params.items():
        clauses.append(f"{key} = '{value}'")
    return " AND ".join(clauses)

@app.route("/api/search")
def search():
    where = build_filter(request.args)
    conn = sqlite3.connect("catalog.db")
    rows = conn.execute("SELECT * FROM products WHERE " + where).fetchall()  # expect: CWE-89
    return {"rows": rows}
