import html

from aiohttp import web


async def welcome(request: web.Request) -> web.Response:
    name = request.query.get("name", "guest")
    return web.Response(text=f"Welcome back, {name}!", content_type="text/plain")


async def welcome_html(request: web.Request) -> web.Response:
    name = html.escape(request.query.get("name", "guest"))
    return web.Response(text=f"<h1>Welcome back, {name}!</h1>", content_type="text/html")
