from flask import Flask, request, redirect, session

app = Flask(__name__)

@app.route("/login", methods=["POST"])
def login():
    session["user"] = authenticate(request.form["username"], request.form["password"])
    next_page = request.args.get("next", "/")
    return redirect(next_page)  # expect: CWE-601
