# golden: apply-each asyncradar (ASYNC230): Use await asyncio.to_thread(pathlib.Path(...).read_text)
# golden: apply-each asyncradar (ASYNC232): Use await asyncio.to_thread(pathlib.Path(...).read_bytes)
# golden: apply-each asyncradar (ASYNC230): Use await asyncio.to_thread(pathlib.Path(...).write_text)
import asyncio
import pathlib
async def load(p, q, d, e):
    a = await asyncio.to_thread(pathlib.Path(p).read_text)
    b = len(await asyncio.to_thread(pathlib.Path(q).read_bytes))
    await asyncio.to_thread(pathlib.Path(p).write_text, d, encoding="utf-8")
    c = (await asyncio.to_thread(pathlib.Path(p).read_text, encoding=e)).splitlines()
    x = open(p, "r+").read()
    y = open(p, newline="").read()
    return a, b, c, x, y
