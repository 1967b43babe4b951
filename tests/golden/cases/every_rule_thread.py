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


def load(path):
    return Path(path).read_text()


async def handler(url, path, fd, host, lock: threading.Lock):
    urllib.request.urlopen(url)                           # ASYNC210
    urllib3.PoolManager().request("GET", url)             # ASYNC211
    httpx.Client().get(url)                               # ASYNC212
    subprocess.Popen(["ls"])                              # ASYNC220
    os.waitpid(-1, 0)                                     # ASYNC222
    os.fdopen(fd)                                         # ASYNC231
    os.path.exists(path)                                  # ASYNC240
    input("name? ")                                       # ASYNC250
    socket.getaddrinfo(host, 80)                          # ARD101
    select.select([fd], [], [])                           # ARD102
    smtplib.SMTP(host)                                    # ARD103
    shutil.rmtree(path)                                   # ARD110
    sqlite3.connect(path)                                 # ARD120
    lock.acquire()                                        # ARD130
    load(path)                                            # ARD200
