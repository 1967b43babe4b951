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
    page = requests.get(url, params={"q": "café ☕"}, timeout=5).text
    out = subprocess.run(["echo", "🐍", page], capture_output=True)
    with open(path) as fh:
        data = fh.read()
    return out, data
