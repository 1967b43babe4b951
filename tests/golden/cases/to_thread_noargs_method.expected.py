# golden: apply-each asyncradar (ASYNC232): Run in a worker thread: await asyncio.to_thread
import asyncio


async def load(path):
    with open(path) as fh:  # noqa: ASYNC230
        data = await asyncio.to_thread(fh.read)
        rest = await asyncio.to_thread(fh.read, 10)
    return data, rest
