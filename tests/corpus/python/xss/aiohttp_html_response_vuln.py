from aiohttp import web


def greeting(name: str) -> str:
    return f"<h1>Welcome back, {name}!</h1>"


async def welcome(request: web.Request) -> web.Response:
    name = request.query.get("name", "guest")
    return web.Response(text=greeting(name), content_type="text/html")  # expect: CWE-79
