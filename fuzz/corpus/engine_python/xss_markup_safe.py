from flask import Flask, request, render_template
from markupsafe import Markup, escape

app = Flask(__name__)

@app.route("/profile")
def profile():
    bio = request.args.get("bio", "")
    return render_template("profile.html", bio=Markup("<em>{}</em>").format(escape(bio)))
