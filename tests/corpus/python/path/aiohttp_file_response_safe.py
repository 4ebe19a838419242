import os

from aiohttp import web

DOWNLOADS = "/srv/downloads"


async def download(request: web.Request):
    filename = os.path.basename(request.match_info["filename"])
    return web.FileResponse(os.path.join(DOWNLOADS, filename))
