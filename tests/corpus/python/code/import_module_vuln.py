import importlib
from flask import Flask, request

app = Flask(__name__)

@app.route("/plugins/<name>")
def load_plugin(name):
    plugin = importlib.import_module(f"plugins.{name}")  # expect: CWE-94
    return plugin.render()
