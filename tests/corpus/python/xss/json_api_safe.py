from flask import Flask, request, jsonify

app = Flask(__name__)

@app.route("/echo")
def echo():
    message = request.args.get("message", "")
    return jsonify(message=message, length=len(message))
