"""A service with one of each kind of finding the quick fixes handle."""
import subprocess
import time

import requests
import asyncio


async def handler(url, path):
    await asyncio.sleep(0.1)
    page = (await asyncio.to_thread(requests.get, url, timeout=5)).text
    out = await asyncio.to_thread(subprocess.run, ["echo", page], capture_output=True)
    with await asyncio.to_thread(open, path) as fh:
        data = await asyncio.to_thread(fh.read)
    return out, data
