from aiohttp import web


async def profile(request: web.Request) -> web.Response:
    username = request.match_info["username"]
    async with request.app["pool"].acquire() as conn:
        row = await conn.fetchrow(f"SELECT bio FROM profiles WHERE username = '{username}'")  # expect: CWE-89
    return web.json_response({"bio": row["bio"]})
