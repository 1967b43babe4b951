# golden: apply asyncradar (ASYNC251): Use await trio.sleep
import time

import trio


async def main():
    await trio.sleep(1)
    await trio.sleep(0)
