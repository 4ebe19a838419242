import importlib
from flask import Flask, abort

app = Flask(__name__)
PLUGINS = {"charts": "plugins.charts", "maps": "plugins.maps"}

@app.route("/plugins/<name>")
def load_plugin(name):
    if name not in PLUGINS:
        abort(404)
    plugin = importlib.import_module(PLUGINS[name])
    return plugin.render()
