# golden: absent asyncradar (ASYNC210): Run in a worker thread: await asyncio.to_thread
# golden: apply asyncradar (ARD110): Run in a worker thread: await asyncio.to_thread
import shutil

import requests


async def sizes(urls, paths):
    total = sum(len(requests.get(u).content) for u in urls)
    copies = [shutil.copy(p, p + ".bak") for p in paths]
    return total, copies
