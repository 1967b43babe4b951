"""A service with one of each kind of finding the quick fixes handle."""
import subprocess
import time

import requests
import asyncio


async def handler(url, path):
    await asyncio.sleep(0.1)
    page = requests.get(url, timeout=5).text
    out = subprocess.run(["echo", page], capture_output=True)
    with open(path) as fh:
        data = fh.read()
    return out, data
