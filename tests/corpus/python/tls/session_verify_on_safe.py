import ssl

import aiohttp
import redis
import requests


def make_session(ca_bundle):
    session = requests.Session()
    session.verify = ca_bundle
    return session


async def fetch_status(url, cafile):
    context = ssl.create_default_context(cafile=cafile)
    async with aiohttp.ClientSession() as session:
        async with session.get(url, ssl=context) as resp:
            return resp.status


def cache():
    return redis.Redis(host="localhost", ssl=False)
