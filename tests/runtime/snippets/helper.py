import time


def load(delay):
    time.sleep(delay)
    return "loaded"


async def main(env):
    return load(env["delay"])
