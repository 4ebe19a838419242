from flask import Flask, request, render_template_string

app = Flask(__name__)

@app.route("/greet")
def greet():
    name = request.args.get("name", "guest")
    return render_template_string("<h2>Hello {{ name }}!</h2><p>Welcome to the dashboard.</p>", name=name)
