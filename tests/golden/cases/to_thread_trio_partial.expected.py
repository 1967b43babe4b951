# golden: apply-each asyncradar (ASYNC210): Run in a worker thread: await trio.to_thread.run_sync
import requests
import trio
import functools


async def fetch(url):
    a = await trio.to_thread.run_sync(functools.partial(requests.get, url, timeout=3))
    b = await trio.to_thread.run_sync(requests.get, url)
    return a, b
