"""A service with one of each kind of finding the quick fixes handle.

Non-ASCII text before edits on the same line (é is 2 bytes and 1 UTF-16
unit, 🐍 4 bytes and 2 units) makes the encodings disagree on columns.
"""
import subprocess
import time

import requests


async def handler(url, path):
    time.sleep(0.1)  # noqa: ASYNC251
    page = requests.get(url, params={"q": "café ☕"}, timeout=5).text  # noqa: ASYNC210
    out = subprocess.run(["echo", "🐍", page], capture_output=True)  # noqa: ASYNC221
    with open(path) as fh:  # noqa: ASYNC230
        data = fh.read()  # noqa: ASYNC232
    return out, data
