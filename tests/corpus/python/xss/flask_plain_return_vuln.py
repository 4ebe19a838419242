from flask import Flask, request

app = Flask(__name__)

@app.route("/hello")
def hello():
    name = request.args.get("name", "World")
    return "Hello, " + name + "!"  # expect: CWE-79
