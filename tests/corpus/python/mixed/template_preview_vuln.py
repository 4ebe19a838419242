from flask import Flask, request
from jinja2 import Environment

app = Flask(__name__)
env = Environment()

@app.post("/preview")
def preview():
    data = request.get_json()
    tpl = env.from_string(data["template"])  # expect: CWE-1336
    return tpl.render(**data.get("context", {}))
