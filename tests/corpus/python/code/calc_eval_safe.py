import ast
import operator
from flask import Flask, request, jsonify

app = Flask(__name__)
OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}

def evaluate(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
        return node.value
    if isinstance(node, ast.BinOp) and type(node.op) in OPS:
        return OPS[type(node.op)](evaluate(node.left), evaluate(node.right))
    raise ValueError("unsupported expression")

@app.route("/calculate", methods=["POST"])
def calculate():
    expression = request.json.get("expression", "0")
    return jsonify(result=evaluate(ast.parse(expression, mode="eval").body))
