"""A service with one of each kind of finding the quick fixes handle.

Non-ASCII text before edits on the same line (é is 2 bytes and 1 UTF-16
unit, 🐍 4 bytes and 2 units) makes the encodings disagree on columns.
"""
import subprocess
import time

import requests
import asyncio


async def handler(url, path):
    await asyncio.sleep(0.1)
    page = (await asyncio.to_thread(requests.get, url, params={"q": "café ☕"}, timeout=5)).text
    proc = await asyncio.create_subprocess_exec("echo", "🐍", page, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    output = await proc.communicate()
    out = subprocess.CompletedProcess(["echo", "🐍", page], proc.returncode, *output)
    with await asyncio.to_thread(open, path) as fh:
        data = await asyncio.to_thread(fh.read)
    return out, data
