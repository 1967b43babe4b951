import time


async def main(env):
    time.sleep(env["delay"])
    return "slept"
