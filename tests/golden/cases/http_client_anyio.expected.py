# golden: apply-each asyncradar (ARD105): Use httpx.AsyncClient
import anyio
import functools as ft
import httpx


async def fetch(u):
    async with await anyio.to_thread.run_sync(ft.partial(httpx.AsyncClient, timeout=3)) as c:
        return (await c.get(u)).text


async def bare(u):
    async with await anyio.to_thread.run_sync(httpx.AsyncClient) as c:
        return (await c.get(u)).text
