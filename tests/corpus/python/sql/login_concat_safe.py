import sqlite3
from flask import Flask, request
from werkzeug.security import check_password_hash

app = Flask(__name__)

@app.route("/login", methods=["POST"])
def login():
    username = request.form["username"]
    password = request.form["password"]
    conn = sqlite3.connect("app.db")
    user = conn.execute("SELECT password_hash FROM users WHERE username = ?", (username,)).fetchone()
    if user and check_password_hash(user[0], password):
        return "Welcome back!"
    return "Invalid credentials", 401
