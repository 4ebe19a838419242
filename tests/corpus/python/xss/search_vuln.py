from flask import Flask, request

app = Flask(__name__)

@app.route("/search")
def search():
    query = request.args.get("q", "")
    return f"<h1>Search results for: {query}</h1><p>No results found.</p>"  # expect: CWE-79
