from flask import Flask, request, jsonify
from pymongo import MongoClient

app = Flask(__name__)
db = MongoClient()["shop"]

@app.route("/orders")
def orders():
    status = request.args.get("status", "open")
    docs = list(db.orders.find({"status": str(status)}, {"_id": 0}).limit(50))
    return jsonify(docs)
