# golden: apply-each-suffix : Make this handler a plain def (the framework runs it in a thread pool)
import time

import requests
from fastapi import FastAPI

app = FastAPI()


@app.get("/items")
def items(u: str):
    time.sleep(1)
    return requests.get(u).json()


@app.post("/other")
async def other(u: str):
    await helper()
    return requests.get(u).json()


async def not_a_route(u: str):
    return requests.get(u).json()


async def helper():
    pass
