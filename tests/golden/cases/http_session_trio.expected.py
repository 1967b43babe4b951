# golden: apply-each asyncradar (ARD105): Use httpx.AsyncClient
# golden: crlf
import trio
import requests as rq
import functools
import httpx


async def fetch(u):
	async with await trio.to_thread.run_sync(functools.partial(httpx.AsyncClient, follow_redirects=True, timeout=None)) as s:
		sésame = await s.head(
			u, follow_redirects=False,
		)
		réponse = (await s.get(u, follow_redirects=False)).text
		return sésame.headers, réponse
