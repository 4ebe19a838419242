import sqlite3
from flask import Flask, request

app = Flask(__name__)

@app.route("/login", methods=["POST"])
def login():
    username = request.form["username"]
    password = request.form["password"]
    conn = sqlite3.connect("app.db")
    query = "SELECT * FROM users WHERE username = '" + username + "' AND password = '" + password + "'"
    user = conn.execute(query).fetchone()  # expect: CWE-89
    if user:
        return "Welcome back!"
    return "Invalid credentials", 401
