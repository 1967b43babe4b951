import requests


async def main(env):
    return requests.get(env["url"] + "/x", timeout=5).text
