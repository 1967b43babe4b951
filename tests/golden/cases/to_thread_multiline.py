# golden: apply asyncradar (ASYNC221): Run in a worker thread: await asyncio.to_thread
import subprocess


async def build(target):
    result = subprocess.run(
        ["make", target],  # the target
        check=True,
        # no shell
    )
    return result
