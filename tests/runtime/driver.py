"""Runs one snippet under an event loop with a heartbeat task and prints, as
JSON, what its main() returned (or raised) and the longest stall of the
loop in milliseconds.

usage: python3 driver.py SNIPPET.py

The snippet defines `async def main(env)`; LIBRARY = "anyio" runs it under
anyio (on asyncio), LIBRARY = "trio" under trio (through anyio's trio
backend), instead of plain asyncio. env holds:
  url         a local HTTP server (127.0.0.1) that answers after DELAY s
  fifo_in     a named pipe a writer thread fills DELAY s after main() starts
  fifo_out    a named pipe a reader thread reads DELAY s after main() starts
  received()  what the reader thread read from fifo_out
  path        a regular file holding FILE_BYTES
  delay       DELAY

Before measuring, one httpx request warms the process up (see measured).
"""

import asyncio
import http.server
import importlib.util
import json
import os
import sys
import tempfile
import threading
import time

DELAY = 0.3
TICK = 0.002
FILE_BYTES = bytes(range(256)) * 64


class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path != "/warm":
            time.sleep(DELAY)
        body = ("hello " + self.path).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def start_env(tmp):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    fifo_in, fifo_out = os.path.join(tmp, "in"), os.path.join(tmp, "out")
    os.mkfifo(fifo_in)
    os.mkfifo(fifo_out)
    got = []
    go = threading.Event()  # set as main() starts: DELAY counts from there

    def writer():
        go.wait()
        time.sleep(DELAY)
        with open(fifo_in, "wb") as f:
            f.write(b"from the pipe")

    def reader():
        go.wait()
        time.sleep(DELAY)
        with open(fifo_out, "rb") as f:
            got.append(f.read())

    threading.Thread(target=writer, daemon=True).start()
    threading.Thread(target=reader, daemon=True).start()
    path = os.path.join(tmp, "data.bin")
    with open(path, "wb") as f:
        f.write(FILE_BYTES)
    env = {"url": "http://127.0.0.1:%d" % server.server_address[1], "fifo_in": fifo_in,
           "fifo_out": fifo_out, "path": path, "delay": DELAY,
           "received": lambda: got[0].decode() if got else None, "go": go.set}
    return server, env


def outcome(coro_result, error):
    if error is not None:
        detail = getattr(error, "returncode", None)
        return {"raised": type(error).__name__, "returncode": detail}
    return {"returned": coro_result}


async def measured(main, env, sleep):
    stall = 0.0
    done = False

    async def heartbeat():
        nonlocal stall
        while not done:
            t = time.perf_counter()
            await sleep(TICK)
            stall = max(stall, time.perf_counter() - t - TICK)

    # httpx imports its transport modules on a client's first request; a
    # server process did that long ago, so both runs start warm.
    import httpx
    async with httpx.AsyncClient() as client:
        await client.get(env["url"] + "/warm")

    result = error = None
    if LIB in ("anyio", "trio"):
        import anyio
        async with anyio.create_task_group() as tg:
            tg.start_soon(heartbeat)
            await sleep(0.05)  # the heartbeat is running
            env["go"]()
            try:
                result = await main(env)
            except Exception as e:  # the snippet's outcome, compared before/after
                error = e
            done = True
    else:
        beat = asyncio.ensure_future(heartbeat())
        await sleep(0.05)
        env["go"]()
        try:
            result = await main(env)
        except Exception as e:
            error = e
        done = True
        await beat
    return outcome(result, error), stall


def main():
    global LIB
    spec = importlib.util.spec_from_file_location("snippet", sys.argv[1])
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    LIB = getattr(mod, "LIBRARY", "asyncio")
    with tempfile.TemporaryDirectory() as tmp:
        server, env = start_env(tmp)
        if LIB in ("anyio", "trio"):
            import anyio
            res, stall = anyio.run(measured, mod.main, env, anyio.sleep,
                                   backend="trio" if LIB == "trio" else "asyncio")
        else:
            res, stall = asyncio.run(measured(mod.main, env, asyncio.sleep))
        # Give the pipe threads a moment, then report what the reader got.
        time.sleep(0.05)
        res["received"] = env["received"]()
        server.shutdown()
    print(json.dumps({"result": res, "stall_ms": round(stall * 1000, 1)}))


LIB = "asyncio"
if __name__ == "__main__":
    main()
