from flask import Flask, request, redirect, url_for, flash

app = Flask(__name__)

@app.route("/auth/callback")
def callback():
    state = request.args.get("state", "")
    dest = state.split("|", 1)[1] if "|" in state else url_for("home")
    flash("Signed in")
    return redirect(dest)  # expect: CWE-601
