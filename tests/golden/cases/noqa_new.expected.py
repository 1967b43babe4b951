# golden: apply asyncradar (ASYNC251): Disable ASYNC251 for this line
import time


async def main():
    time.sleep(1)  # noqa: ASYNC251
