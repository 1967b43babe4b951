# golden: apply-each asyncradar (ASYNC210): Use httpx.AsyncClient
import requests
import asyncio
import httpx


async def fetch(url, p, body, client):
    async with await asyncio.to_thread(httpx.AsyncClient) as client_1:
        r = await client_1.get(url, params=p, follow_redirects=True, timeout=None)
    async with await asyncio.to_thread(httpx.AsyncClient) as client_2:
        await client_2.post(url, data={"a": 1}, follow_redirects=False, timeout=3)
    async with await asyncio.to_thread(httpx.AsyncClient) as client_3:
        self_r = await client_3.head(url, timeout=None)
    async with await asyncio.to_thread(httpx.AsyncClient) as client_4:
        await client_4.put(url, content=b"raw", follow_redirects=True, timeout=None)
    text = requests.get(url).text
    requests.post(url, data=body)
    requests.get(url, verify=False)
    requests.get(url, p)
    requests.delete(url, json=body)
    return r, self_r, text
