import re
from flask import Flask, request

app = Flask(__name__)
WORDS = open("words.txt").read().split()

@app.route("/filter")
def filter_words():
    pattern = request.args.get("pattern", "")
    rx = re.compile(pattern)  # expect: CWE-1333
    return {"matches": [w for w in WORDS if rx.search(w)]}
