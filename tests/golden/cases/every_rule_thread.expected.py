# golden: apply-each-suffix : Run in a worker thread: await asyncio.to_thread
"""One call per rule the worker-thread fix covers, in one handler."""
import os
import select
import shutil
import smtplib
import socket
import sqlite3
import subprocess
import threading
import urllib.request
from pathlib import Path

import httpx
import urllib3
import asyncio


def load(path):
    return Path(path).read_text()


async def handler(url, path, fd, host, lock: threading.Lock):
    await asyncio.to_thread(urllib.request.urlopen, url)                           # ASYNC210
    await asyncio.to_thread(urllib3.PoolManager().request, "GET", url)             # ASYNC211
    await asyncio.to_thread(httpx.Client().get, url)                               # ASYNC212
    await asyncio.to_thread(subprocess.Popen, ["ls"])                              # ASYNC220
    await asyncio.to_thread(os.waitpid, -1, 0)                                     # ASYNC222
    await asyncio.to_thread(os.fdopen, fd)                                         # ASYNC231
    await asyncio.to_thread(os.path.exists, path)                                  # ASYNC240
    await asyncio.to_thread(input, "name? ")                                       # ASYNC250
    await asyncio.to_thread(socket.getaddrinfo, host, 80)                          # ARD101
    await asyncio.to_thread(select.select, [fd], [], [])                           # ARD102
    await asyncio.to_thread(smtplib.SMTP, host)                                    # ARD103
    await asyncio.to_thread(shutil.rmtree, path)                                   # ARD110
    await asyncio.to_thread(sqlite3.connect, path)                                 # ARD120
    await asyncio.to_thread(lock.acquire)                                        # ARD130
    await asyncio.to_thread(load, path)                                            # ARD200
