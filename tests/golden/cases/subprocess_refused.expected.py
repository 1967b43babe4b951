# golden: absent asyncradar (ASYNC221): Run with await asyncio.create_subprocess_exec
# golden: apply asyncradar (ASYNC221): Run with await asyncio.create_subprocess_shell
import os
import subprocess
import asyncio


async def build(cmd, args):
    subprocess.run(cmd)  # a variable: list or string?
    out = subprocess.run(["ls"], text=True, capture_output=True)
    n = len(subprocess.check_output(["ls"]))
    subprocess.run(["ls", args.pop()], check=True)
    status = os.system("ls")
    proc = await asyncio.create_subprocess_shell("true")
    await proc.wait()
    return out, n, status
