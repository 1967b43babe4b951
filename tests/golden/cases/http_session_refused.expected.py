# golden: absent asyncradar (ARD105): Use httpx.AsyncClient
import requests
import httpx


async def passed_away(u):
    with requests.Session() as s:
        return fetch_with(s, u)


async def used_after(u):
    with requests.Session() as s:
        r = s.get(u)
    s.close()
    return r


async def nested_def(urls):
    with requests.Session() as s:
        def one(u):
            return s.get(u)
        return [one(u) for u in urls]


async def in_lambda(urls):
    with requests.Session() as s:
        return list(map(lambda u: s.get(u), urls))


async def in_generator(urls):
    with requests.Session() as s:
        return sum(len(s.get(u).content) for u in urls)


async def untranslatable(u):
    with requests.Session() as s:
        s.get(u, verify=False)


async def streamed(u):
    with requests.Session() as s:
        return s.get(u, stream=True).raw


async def get_with_body(u):
    with requests.Session() as s:
        return s.get(u, json={"a": 1})


async def positional_data(u, d):
    with requests.Session() as s:
        return s.post(u, d)


async def mounted(u, adapter):
    with requests.Session() as s:
        s.mount("https://", adapter)
        return s.get(u)


async def several_items(u, p):
    with requests.Session() as s, open(p) as f:
        return s.get(u), f.read()


async def rebound(u):
    with requests.Session() as s:
        s = None
        return s


async def entered_response(u):
    with requests.Session() as s:
        with s.get(u) as r:
            return r.text


async def method_reference(u):
    with requests.Session() as s:
        get = s.get
        return get(u)


async def session_arguments(u):
    with requests.Session(u) as s:
        return s.get(u)


async def in_loop(urls):
    s = None
    for u in urls:
        if s is not None:
            print(s)
        with requests.Session() as s:
            s.get(u)


async def sync_transport(u, transport):
    with httpx.Client(transport=transport) as c:
        return c.get(u)


async def splat(u, options):
    with httpx.Client(**options) as c:
        return c.get(u)


async def stream_method(u):
    with httpx.Client() as c:
        with c.stream("GET", u) as r:
            return r.read()


async def close_method(u):
    with httpx.Client() as c:
        c.get(u)
        c.close()


class Holder:
    async def attribute_target(self, u):
        with requests.Session() as self.s:
            return self.s.get(u)
