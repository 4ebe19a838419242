from flask import Flask, request, render_template_string

app = Flask(__name__)

@app.route("/greet")
def greet():
    name = request.args.get("name", "guest")
    template = f"<h2>Hello {name}!</h2><p>Welcome to the dashboard.</p>"
    return render_template_string(template)  # expect: CWE-1336
