# golden: apply asyncradar (ASYNC251): Disable ASYNC251 for this line
# golden: apply asyncradar (ASYNC210): Disable ASYNC210 for this line
import time

import requests


async def main(u):
    time.sleep(1)  # keep  # noqa:E501
    requests.get(u)  # fetch it
