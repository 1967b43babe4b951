# golden: fix-all
import time

import requests
import asyncio


async def main(u):
    await asyncio.sleep(1)
    requests.get(u)
    await asyncio.sleep(2)
