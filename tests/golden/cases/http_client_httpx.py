# golden: apply-each asyncradar (ARD105): Use httpx.AsyncClient
import httpx as hx
from httpx import Client


async def with_args(base, token):
    with hx.Client(
        base_url=base,  # the API
        headers={"Authorization": token},
    ) as c:
        req = hx.Request("GET", base + "/ping")
        c.send(req)
        return c.get("/users", follow_redirects=True).json()


async def imported_name(u):
    with Client() as client:
        r = client.post(u, json={"a": 1})
    return r.status_code


async def comment_in_call(u):
    with hx.Client(  # defaults
    ) as c:
        c.delete(u)
