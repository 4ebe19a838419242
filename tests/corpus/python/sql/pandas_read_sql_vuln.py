import pandas as pd
from flask import Flask, request
from sqlalchemy import create_engine

app = Flask(__name__)
engine = create_engine("postgresql://localhost/analytics")

@app.route("/report")
def report():
    region = request.args.get("region")
    df = pd.read_sql(f"SELECT * FROM sales WHERE region = '{region}'", engine)  # expect: CWE-89
    return df.to_html()
