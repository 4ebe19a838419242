import tornado.httpclient
import tornado.web
from aiohttp import web


async def profile(request: web.Request) -> web.Response:
    username = request.match_info["username"]
    async with request.app["pool"].acquire() as conn:
        row = await conn.fetchrow("SELECT bio FROM profiles WHERE username = $1", username)
    return web.json_response({"bio": row["bio"]})


class ProxyHandler(tornado.web.RequestHandler):
    async def get(self):
        client = tornado.httpclient.AsyncHTTPClient()
        page = self.get_argument("page", "1")
        response = await client.fetch("https://api.example.org/items?page=" + page)
        self.set_header("Content-Type", "application/json")
        self.finish(response.body)
