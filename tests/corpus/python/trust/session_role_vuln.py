from flask import Flask, request, session

app = Flask(__name__)
app.secret_key = b"change-me"

@app.route("/signup", methods=["POST"])
def signup():
    session["username"] = request.form["username"]  # expect: CWE-501
    session["is_admin"] = request.form.get("is_admin") == "true"
    return "registered"
