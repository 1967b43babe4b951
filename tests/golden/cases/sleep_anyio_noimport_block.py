#!/usr/bin/env python3
# golden: apply asyncradar (ASYNC251): Use await anyio.sleep
from anyio import run


async def main():
    from time import sleep
    sleep(2)

run(main)
