# golden: apply-each asyncradar (ASYNC210): Run in a worker thread: await asyncio.to_thread
import requests
import asyncio


async def fetch(session, url, p):
    r = await asyncio.to_thread(requests.get, url, params=p, timeout=5)
    body = (await asyncio.to_thread(requests.get, url)).json()["items"]
    first = (await asyncio.to_thread(requests.get, url)).text[0]
    return r, body, first
