# golden: apply-each asyncradar (ASYNC230): Use await asyncio.to_thread(pathlib.Path(...).read_text)
# golden: apply-each asyncradar (ASYNC232): Use await asyncio.to_thread(pathlib.Path(...).read_bytes)
# golden: apply-each asyncradar (ASYNC230): Use await asyncio.to_thread(pathlib.Path(...).write_text)
async def load(p, q, d, e):
    a = open(p).read()
    b = len(open(q, "rb").read())
    open(p, "w", encoding="utf-8").write(d)
    c = open(p, encoding=e).read().splitlines()
    x = open(p, "r+").read()
    y = open(p, newline="").read()
    return a, b, c, x, y
