# golden: apply-each asyncradar (ASYNC251): Use await asyncio.sleep
import asyncio as aio
from time import sleep
import time


async def tick(delay):
    sleep(delay)  # the bare name from `from time import sleep`
    x = time.sleep(delay * 2) or 1
    return x
