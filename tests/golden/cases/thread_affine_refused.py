# golden: apply-each-suffix : Run in a worker thread: await asyncio.to_thread
import threading


async def f(rl: threading.RLock, cond: threading.Condition, lock: threading.Lock, ev: threading.Event):
    rl.acquire()
    cond.wait()
    lock.acquire()
    ev.wait()
