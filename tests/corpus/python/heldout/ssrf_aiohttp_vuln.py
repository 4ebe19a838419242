import aiohttp
from aiohttp import web

async def proxy(request):
    target = request.query.get("url")
    async with aiohttp.ClientSession() as session:
        async with session.get(target) as resp:  # expect: CWE-918
            body = await resp.read()
    return web.Response(body=body)
