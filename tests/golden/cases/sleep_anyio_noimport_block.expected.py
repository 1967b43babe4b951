#!/usr/bin/env python3
# golden: apply asyncradar (ASYNC251): Use await anyio.sleep
from anyio import run
import anyio


async def main():
    from time import sleep
    await anyio.sleep(2)

run(main)
