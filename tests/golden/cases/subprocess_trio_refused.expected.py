# golden: absent asyncradar (ASYNC221): Run with await trio.run_process
# golden: apply-each asyncradar (ASYNC221): Run in a worker thread: await trio.to_thread.run_sync
import subprocess

import trio
import functools


async def build(cmd, f):
    await trio.to_thread.run_sync(subprocess.run, cmd)  # a variable: list or string?
    await trio.to_thread.run_sync(subprocess.run, "ls")  # a string without shell names a program
    await trio.to_thread.run_sync(functools.partial(subprocess.run, ["ls", "-l"], shell=True))  # a list with shell: sh -c ls -l
    await trio.to_thread.run_sync(functools.partial(subprocess.run, ["ls"], text=True))  # trio streams are bytes
    await trio.to_thread.run_sync(functools.partial(subprocess.run, ["ls"], timeout=3))
    await trio.to_thread.run_sync(functools.partial(subprocess.run, ["ls"], stdout=f))  # might be PIPE at run time
    await trio.to_thread.run_sync(functools.partial(subprocess.run, ["ls"], stdin=subprocess.PIPE))
    await trio.to_thread.run_sync(functools.partial(subprocess.run, ["ls"], input=b"x", stdin=None))  # raises ValueError
    await trio.to_thread.run_sync(functools.partial(subprocess.run, ["ls"], stdout=subprocess.PIPE, capture_output=True))  # raises ValueError
    await trio.to_thread.run_sync(functools.partial(subprocess.check_output, ["ls"], stdout=subprocess.PIPE))  # raises ValueError
    await trio.to_thread.run_sync(subprocess.run, *cmd)
    await trio.to_thread.run_sync(functools.partial(subprocess.run, ["ls"], **f))
    await trio.to_thread.run_sync(functools.partial(subprocess.run, ["ls"], check=f))
    await trio.to_thread.run_sync(functools.partial(subprocess.run, ["ls"],  # a comment the rewrite would drop
                   check=True))
    return sorted(subprocess.call(["true"]) for _ in range(2))  # await in a generator
