# golden: apply-each-suffix : Run in a worker thread: await asyncio.to_thread
import threading
import asyncio


async def f(rl: threading.RLock, cond: threading.Condition, lock: threading.Lock, ev: threading.Event):
    rl.acquire()
    cond.wait()
    await asyncio.to_thread(lock.acquire)
    await asyncio.to_thread(ev.wait)
