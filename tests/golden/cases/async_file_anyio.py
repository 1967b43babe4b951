# golden: apply asyncradar (ASYNC230): Use an async file: async with await anyio.open_file
import anyio


async def load(path):
    with open(path) as fh:
        return fh.readlines()
