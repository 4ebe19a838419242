import aiohttp
import requests


def make_session():
    session = requests.Session()
    session.verify = False  # expect: CWE-295
    return session


async def fetch_status(url):
    async with aiohttp.ClientSession() as session:
        async with session.get(url, ssl=False) as resp:  # expect: CWE-295
            return resp.status
