# golden: apply-each asyncradar (ASYNC232): Use await trio.Path(...).read_text()
# golden: apply-each asyncradar (ASYNC232): Use await trio.Path(...).write_bytes()
import trio


async def load(p, d):
    text = open(p).read()
    open(p, "wb").write(d)
    return text
