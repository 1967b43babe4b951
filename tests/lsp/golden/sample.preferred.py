"""A service with one of each kind of finding the quick fixes handle."""
import subprocess
import time

import requests
import asyncio


async def handler(url, path):
    await asyncio.sleep(0.1)
    page = (await asyncio.to_thread(requests.get, url, timeout=5)).text
    proc = await asyncio.create_subprocess_exec("echo", page, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    output = await proc.communicate()
    out = subprocess.CompletedProcess(["echo", page], proc.returncode, *output)
    with await asyncio.to_thread(open, path) as fh:
        data = await asyncio.to_thread(fh.read)
    return out, data
