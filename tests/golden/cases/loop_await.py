# golden: apply-each asyncradar (ARD140): Await the coroutine on the running loop
# golden: absent asyncradar (ARD140): Run in a worker thread: await asyncio.to_thread
import asyncio


async def child(x):
    return x


async def main(loop, flag):
    a = asyncio.run(child(1))
    b = asyncio.run(child(2) if flag else child(3)).real
    c = loop.run_until_complete(
        child(4)  # the coroutine
    )
    d = asyncio.run(child(5), debug=True)
    return a, b, c, d
