# golden: absent asyncradar (ASYNC221): Run with await trio.run_process
# golden: apply-each asyncradar (ASYNC221): Run in a worker thread: await trio.to_thread.run_sync
import subprocess

import trio


async def build(cmd, f):
    subprocess.run(cmd)  # a variable: list or string?
    subprocess.run("ls")  # a string without shell names a program
    subprocess.run(["ls", "-l"], shell=True)  # a list with shell: sh -c ls -l
    subprocess.run(["ls"], text=True)  # trio streams are bytes
    subprocess.run(["ls"], timeout=3)
    subprocess.run(["ls"], stdout=f)  # might be PIPE at run time
    subprocess.run(["ls"], stdin=subprocess.PIPE)
    subprocess.run(["ls"], input=b"x", stdin=None)  # raises ValueError
    subprocess.run(["ls"], stdout=subprocess.PIPE, capture_output=True)  # raises ValueError
    subprocess.check_output(["ls"], stdout=subprocess.PIPE)  # raises ValueError
    subprocess.run(*cmd)
    subprocess.run(["ls"], **f)
    subprocess.run(["ls"], check=f)
    subprocess.run(["ls"],  # a comment the rewrite would drop
                   check=True)
    return sorted(subprocess.call(["true"]) for _ in range(2))  # await in a generator
