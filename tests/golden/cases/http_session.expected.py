# golden: apply-each asyncradar (ARD105): Use httpx.AsyncClient
import requests
import asyncio
import httpx


async def sync_all(urls):
    async with await asyncio.to_thread(httpx.AsyncClient, follow_redirects=True, timeout=None) as s:
        for url in urls:
            r = await s.get(url, follow_redirects=False)
            print(r.json())


async def precedence(u, token):
    async with await asyncio.to_thread(httpx.AsyncClient, follow_redirects=True, timeout=None) as session:
        session.headers.update({"Authorization": token})
        session.headers["X-Trace"] = "1"
        data = (await session.get(u)).json()
        size = len((await session.head(u, follow_redirects=False)).headers)
        code = (await session.request("GET", u, params={"q": 1})).status_code
        pages = [(await session.get(u, params={"p": p})).text for p in range(3)]
        return data, size, code, pages


async def multi_line(u, body):
    async with await asyncio.to_thread(httpx.AsyncClient, follow_redirects=True, timeout=None) as s:
        r = await s.post(
            u,  # where
            content=b"raw",
            timeout=3,
        )
        await s.put(u, data={"k": body}, headers={"a": "b"})
        await s.head(u, follow_redirects=True)
        await s.delete(u, timeout=(3, 10))
        return r.status_code


async def unnamed(u):
    async with await asyncio.to_thread(httpx.AsyncClient, follow_redirects=True, timeout=None):
        pass
