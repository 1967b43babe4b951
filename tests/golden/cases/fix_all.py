# golden: fix-all
import time

import requests


async def main(u):
    time.sleep(1)
    requests.get(u)
    time.sleep(2)
