# golden: apply-each asyncradar (ASYNC210): Run in a worker thread: await asyncio.to_thread
import requests


async def fetch(session, url, p):
    r = requests.get(url, params=p, timeout=5)
    body = requests.get(url).json()["items"]
    first = requests.get(url).text[0]
    return r, body, first
