# runtime-control: nothing blocks here; its stall is the machine's noise floor
import asyncio


async def main(env):
    await asyncio.sleep(env["delay"])
    return "waited"
