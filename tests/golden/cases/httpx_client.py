# golden: apply-each asyncradar (ASYNC210): Use httpx.AsyncClient
import requests


async def fetch(url, p, body, client):
    r = requests.get(url, params=p)
    requests.post(url, data={"a": 1}, allow_redirects=False, timeout=3)
    self_r = requests.head(url)
    requests.put(url, data=b"raw")
    text = requests.get(url).text
    requests.post(url, data=body)
    requests.get(url, verify=False)
    requests.get(url, p)
    requests.delete(url, json=body)
    return r, self_r, text
