# golden: apply asyncradar (ASYNC251): Use await trio.sleep
import time

import trio


async def main():
    time.sleep(1)
    await trio.sleep(0)
