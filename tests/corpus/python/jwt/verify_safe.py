import os
import jwt
from flask import Flask, request

app = Flask(__name__)
SECRET = os.environ["JWT_SECRET"]

@app.route("/me")
def me():
    token = request.headers.get("Authorization", "").removeprefix("Bearer ")
    claims = jwt.decode(token, SECRET, algorithms=["HS256"])
    return {"user": claims.get("sub")}
