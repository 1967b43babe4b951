# golden: apply-each asyncradar (ARD105): Use httpx.AsyncClient
# golden: crlf
import trio
import requests as rq


async def fetch(u):
	with rq.Session() as s:
		sésame = s.head(
			u,
		)
		réponse = s.get(u, allow_redirects=False).text
		return sésame.headers, réponse
