import sqlite3
from flask import Flask, request

app = Flask(__name__)

@app.route("/products")
def products():
    sort = request.args.get("sort", "name")
    conn = sqlite3.connect("shop.db")
    rows = conn.execute(f"SELECT name, price FROM products ORDER BY {sort}").fetchall()  # expect: CWE-89
    return {"products": rows}
