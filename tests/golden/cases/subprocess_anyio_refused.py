# golden: absent asyncradar (ASYNC221): Run with await anyio.run_process
# golden: apply-each asyncradar (ASYNC221): Run in a worker thread: await anyio.to_thread.run_sync
import subprocess

import anyio


async def build(cmd):
    subprocess.run(["ls"], stdin=None)  # anyio 3 cannot inherit stdin
    subprocess.run(["ls"], stdin=subprocess.PIPE)
    subprocess.run("ls")  # anyio would run a string through the shell
    subprocess.run(["ls", "-l"], shell=True)
    subprocess.run(cmd, shell=True)  # a list would run differently
    subprocess.run(["ls"], encoding="utf-8")
    subprocess.run(["ls"], start_new_session=True)
