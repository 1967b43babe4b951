# golden: apply-each asyncradar (ARD105): Use httpx.AsyncClient
import httpx as hx
from httpx import Client
import asyncio


async def with_args(base, token):
    async with await asyncio.to_thread(hx.AsyncClient,
        base_url=base,  # the API
        headers={"Authorization": token},
    ) as c:
        req = hx.Request("GET", base + "/ping")
        await c.send(req)
        return (await c.get("/users", follow_redirects=True)).json()


async def imported_name(u):
    async with await asyncio.to_thread(hx.AsyncClient) as client:
        r = await client.post(u, json={"a": 1})
    return r.status_code


async def comment_in_call(u):
    async with await asyncio.to_thread(hx.AsyncClient  # defaults
    ) as c:
        await c.delete(u)
