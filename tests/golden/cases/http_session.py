# golden: apply-each asyncradar (ARD105): Use httpx.AsyncClient
import requests


async def sync_all(urls):
    with requests.Session() as s:
        for url in urls:
            r = s.get(url, allow_redirects=False)
            print(r.json())


async def precedence(u, token):
    with requests.session() as session:
        session.headers.update({"Authorization": token})
        session.headers["X-Trace"] = "1"
        data = session.get(u).json()
        size = len(session.head(u).headers)
        code = session.request("GET", u, params={"q": 1}).status_code
        pages = [session.get(u, params={"p": p}).text for p in range(3)]
        return data, size, code, pages


async def multi_line(u, body):
    with requests.sessions.Session() as s:
        r = s.post(
            u,  # where
            data=b"raw",
            timeout=3,
        )
        s.put(u, data={"k": body}, headers={"a": "b"})
        s.head(u, allow_redirects=True)
        s.delete(u, timeout=(3, 10))
        return r.status_code


async def unnamed(u):
    with requests.Session():
        pass
