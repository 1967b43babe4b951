import time

import anyio

LIBRARY = "anyio"


async def main(env):
    time.sleep(env["delay"])
    await anyio.sleep(0)
    return "slept"
