# golden: apply asyncradar (ASYNC230): Use an async file: async with aiofiles.open
# golden: absent asyncradar (ASYNC230): Use an async file: async with aiofiles.open
import json

import aiofiles


async def copy(src, dst, log):
    with open(src, "rb") as f:  # the source
        head = f.read(4)
        rest = (f.read()).strip() + f.readline().strip()
        for line in f:
            log.write(line)
        f.seek(0)
    with open(dst) as g:
        data = json.load(g)
    with open(dst) as h:
        sizes = sum(len(h.readline()) for _ in range(3))
    return head, rest, data, sizes
