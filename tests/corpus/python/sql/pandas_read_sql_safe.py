import pandas as pd
from flask import Flask, request
from sqlalchemy import create_engine, text

app = Flask(__name__)
engine = create_engine("postgresql://localhost/analytics")

@app.route("/report")
def report():
    region = request.args.get("region")
    df = pd.read_sql(text("SELECT * FROM sales WHERE region = :region"), engine, params={"region": region})
    return df.to_html()
