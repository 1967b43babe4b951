# golden: crlf
# golden: apply-each asyncradar (ASYNC210): Run in a worker thread: await asyncio.to_thread
"""Ünïcode 😀 docstring."""
import requests


async def main(u):
    x = "é😀"; r = requests.get(u, headers={"x": "😀"}).json()
    return x, r
