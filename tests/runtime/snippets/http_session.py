import requests


async def main(env):
    with requests.Session() as s:
        return s.get(env["url"] + "/session").text
