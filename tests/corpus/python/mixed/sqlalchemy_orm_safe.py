from flask import Flask, request, jsonify
from flask_sqlalchemy import SQLAlchemy

app = Flask(__name__)
db = SQLAlchemy(app)

class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    email = db.Column(db.String(120), unique=True)

@app.route("/users/by-email")
def by_email():
    email = request.args.get("email", "")
    user = User.query.filter_by(email=email).first()
    return jsonify(id=user.id if user else None)
