import re
from flask import Flask, request

app = Flask(__name__)
WORDS = open("words.txt").read().split()

@app.route("/filter")
def filter_words():
    term = request.args.get("pattern", "")
    rx = re.compile(re.escape(term), re.IGNORECASE)
    return {"matches": [w for w in WORDS if rx.search(w)]}
