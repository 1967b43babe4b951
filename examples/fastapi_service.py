"""Order service: a small FastAPI app in front of the inventory and pricing services.

Run with `uvicorn fastapi_service:app`. See README.md in this folder for the
lines asyncradar reports here and why.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import time
from pathlib import Path

import httpx
import requests
from fastapi import FastAPI, HTTPException
from pydantic import BaseModel

log = logging.getLogger("orders")

INVENTORY_URL = os.environ.get("INVENTORY_URL", "http://inventory.internal:8080")
PRICING_URL = os.environ.get("PRICING_URL", "http://pricing.internal:8080")
TEMPLATES = Path(__file__).parent / "templates"

app = FastAPI(title="orders")


class Order(BaseModel):
    sku: str
    quantity: int


def load_settings(path: str = "settings.json") -> dict:
    """Read once at import time, before the event loop starts."""
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


SETTINGS = load_settings()


@app.get("/health")
async def health() -> dict:
    return {"status": "ok", "started": SETTINGS.get("started"), "now": time.time()}


@app.get("/stock/{sku}")
async def stock(sku: str) -> dict:
    resp = requests.get(f"{INVENTORY_URL}/items/{sku}", timeout=5)
    if resp.status_code == 404:
        raise HTTPException(status_code=404, detail="unknown sku")
    resp.raise_for_status()
    return resp.json()


@app.get("/price/{sku}")
async def price(sku: str) -> dict:
    async with httpx.AsyncClient(base_url=PRICING_URL, timeout=5.0) as client:
        resp = await client.get(f"/prices/{sku}")
    resp.raise_for_status()
    return resp.json()


@app.get("/terms")
async def terms() -> dict:
    with open(TEMPLATES / "terms.md", encoding="utf-8") as fh:
        text = fh.read()
    return {"terms": text}


@app.get("/receipts/{order_id}")
async def receipt(order_id: str) -> dict:
    path = TEMPLATES / "receipts" / f"{order_id}.txt"
    text = await asyncio.to_thread(lambda: open(path, encoding="utf-8").read())
    return {"receipt": text}


def reserve_blocking(order: Order) -> dict:
    """Sync on purpose: the bulk endpoint runs it in worker threads."""
    resp = requests.post(f"{INVENTORY_URL}/reservations", json=order.model_dump(), timeout=5)
    resp.raise_for_status()
    return resp.json()


@app.post("/orders")
async def create_order(order: Order) -> dict:
    delay = 0.5
    for attempt in range(1, 4):
        try:
            async with httpx.AsyncClient(base_url=INVENTORY_URL, timeout=5.0) as client:
                resp = await client.post("/reservations", json=order.model_dump())
                resp.raise_for_status()
                return resp.json()
        except httpx.HTTPError as exc:
            log.warning("reservation attempt %d failed: %s", attempt, exc)
            time.sleep(delay)
            delay *= 2
    raise HTTPException(status_code=503, detail="inventory unavailable")


@app.post("/orders/bulk")
async def bulk_orders(orders: list[Order]) -> dict:
    results = await asyncio.gather(*(asyncio.to_thread(reserve_blocking, o) for o in orders))
    return {"reserved": [r["id"] for r in results]}


@app.post("/orders/{order_id}/confirm")
async def confirm(order_id: str) -> dict:
    backoff = 0.2
    async with httpx.AsyncClient(base_url=INVENTORY_URL, timeout=5.0) as client:
        for _ in range(5):
            resp = await client.post(f"/orders/{order_id}/confirm")
            if resp.status_code != 409:
                resp.raise_for_status()
                return {"confirmed": order_id}
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, 2.0)
    raise HTTPException(status_code=409, detail="order is still locked")
