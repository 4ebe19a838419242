from flask import Flask, request, jsonify

app = Flask(__name__)

@app.route("/calculate", methods=["POST"])
def calculate():
    expression = request.json.get("expression", "0")
    result = eval(expression)  # expect: CWE-95
    return jsonify(result=result)
