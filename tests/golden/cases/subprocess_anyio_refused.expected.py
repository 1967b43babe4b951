# golden: absent asyncradar (ASYNC221): Run with await anyio.run_process
# golden: apply-each asyncradar (ASYNC221): Run in a worker thread: await anyio.to_thread.run_sync
import subprocess

import anyio
import functools


async def build(cmd):
    await anyio.to_thread.run_sync(functools.partial(subprocess.run, ["ls"], stdin=None))  # anyio 3 cannot inherit stdin
    await anyio.to_thread.run_sync(functools.partial(subprocess.run, ["ls"], stdin=subprocess.PIPE))
    await anyio.to_thread.run_sync(subprocess.run, "ls")  # anyio would run a string through the shell
    await anyio.to_thread.run_sync(functools.partial(subprocess.run, ["ls", "-l"], shell=True))
    await anyio.to_thread.run_sync(functools.partial(subprocess.run, cmd, shell=True))  # a list would run differently
    await anyio.to_thread.run_sync(functools.partial(subprocess.run, ["ls"], encoding="utf-8"))
    await anyio.to_thread.run_sync(functools.partial(subprocess.run, ["ls"], start_new_session=True))
