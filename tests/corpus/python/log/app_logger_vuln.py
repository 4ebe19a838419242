from flask import Flask, request

app = Flask(__name__)

@app.route("/api/orders", methods=["POST"])
def create_order():
    customer = request.json.get("customer")
    app.logger.info(f"Creating order for {customer}")  # expect: CWE-117
    return {"ok": True}
