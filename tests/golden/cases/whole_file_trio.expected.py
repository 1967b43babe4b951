# golden: apply-each asyncradar (ASYNC232): Use await trio.Path(...).read_text()
# golden: apply-each asyncradar (ASYNC232): Use await trio.Path(...).write_bytes()
import trio


async def load(p, d):
    text = await trio.Path(p).read_text()
    await trio.Path(p).write_bytes(d)
    return text
