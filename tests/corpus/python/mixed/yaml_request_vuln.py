import yaml
from flask import Flask, request

app = Flask(__name__)

@app.post("/pipeline")
def pipeline():
    spec = yaml.load(request.data, Loader=yaml.FullLoader)  # expect: CWE-502
    return {"steps": len(spec.get("steps", []))}
