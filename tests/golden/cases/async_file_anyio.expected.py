# golden: apply asyncradar (ASYNC230): Use an async file: async with await anyio.open_file
import anyio


async def load(path):
    async with await anyio.open_file(path) as fh:
        return await fh.readlines()
