import html

from bottle import request, route


@route("/echo")
def echo():
    msg = request.params.get("msg", "")
    return "<b>You said:</b> " + html.escape(msg)
