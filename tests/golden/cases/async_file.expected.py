# golden: apply asyncradar (ASYNC230): Use an async file: async with aiofiles.open
# golden: absent asyncradar (ASYNC230): Use an async file: async with aiofiles.open
import json

import aiofiles


async def copy(src, dst, log):
    async with aiofiles.open(src, "rb") as f:  # the source
        head = await f.read(4)
        rest = (await f.read()).strip() + (await f.readline()).strip()
        async for line in f:
            log.write(line)
        await f.seek(0)
    with open(dst) as g:
        data = json.load(g)
    with open(dst) as h:
        sizes = sum(len(h.readline()) for _ in range(3))
    return head, rest, data, sizes
