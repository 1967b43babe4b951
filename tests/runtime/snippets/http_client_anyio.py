import anyio
import httpx

LIBRARY = "anyio"


async def main(env):
    with httpx.Client(base_url=env["url"], timeout=5) as c:
        return c.get("/client").text
