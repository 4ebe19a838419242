from quart import Quart, render_template_string, request

app = Quart(__name__)


@app.route("/hello")
async def hello():
    name = request.args.get("name", "stranger")
    return await render_template_string(f"<h2>Hello {name}</h2>")  # expect: CWE-1336
