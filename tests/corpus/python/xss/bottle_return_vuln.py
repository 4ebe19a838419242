from bottle import request, route


@route("/echo")
def echo():
    msg = request.params.get("msg", "")
    return "<b>You said:</b> " + msg  # expect: CWE-79
