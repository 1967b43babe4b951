# golden: apply asyncradar (ASYNC221): Run in a worker thread: await asyncio.to_thread
import subprocess
import asyncio


async def build(target):
    result = await asyncio.to_thread(subprocess.run,
        ["make", target],  # the target
        check=True,
        # no shell
    )
    return result
