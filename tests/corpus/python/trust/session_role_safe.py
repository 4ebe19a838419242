from flask import Flask, request, session

app = Flask(__name__)

@app.route("/signup", methods=["POST"])
def signup():
    user_id = create_user(request.form["username"], request.form["password"])
    session["user_id"] = int(user_id)
    return "registered"
