@app.route("/hello/<username>")
def hello(username):
    html = "<html><body>"
    html += "<h1>Hello, " + username + "</h1>"
    html += "</body></html>"
    return html  # expect: CWE-79
