# runtime-fix: asyncradar (ASYNC210): Use httpx.AsyncClient
import requests


async def main(env):
    r = requests.get(env["url"] + "/y")
    return r.text
