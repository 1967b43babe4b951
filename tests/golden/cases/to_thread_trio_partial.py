# golden: apply-each asyncradar (ASYNC210): Run in a worker thread: await trio.to_thread.run_sync
import requests
import trio


async def fetch(url):
    a = requests.get(url, timeout=3)
    b = requests.get(url)
    return a, b
