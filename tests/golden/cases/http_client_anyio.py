# golden: apply-each asyncradar (ARD105): Use httpx.AsyncClient
import anyio
import functools as ft
import httpx


async def fetch(u):
    with httpx.Client(timeout=3) as c:
        return c.get(u).text


async def bare(u):
    with httpx.Client() as c:
        return c.get(u).text
