# golden: apply-each asyncradar (ASYNC221): Run with await trio.run_process
import subprocess

import trio


async def build(target, log):
    await trio.run_process(["make", target], stdin=None, check=False)
    result = await trio.run_process(["git", "status"], capture_stdout=True, capture_stderr=True, cwd="/tmp", stdin=None)
    code = (await trio.run_process(("true",), stderr=subprocess.DEVNULL, stdin=None, check=False)).returncode
    ok = (await trio.run_process(["sync"], stdin=None)).returncode == 0
    listing = (await trio.run_process(["ls", "-l"], stdin=b"", capture_stdout=True)).stdout.decode()
    merged = (await trio.run_process(["make"], capture_stdout=True, stderr=subprocess.STDOUT, stdin=None, check=False)).stdout
    await trio.run_process(f"ls {target}", shell=True, stdin=None, env={"LC_ALL": "C"}, check=False)
    await trio.run_process(["make",
         "install"], stdin=None)
    return result, code, ok, listing, merged, [(await trio.run_process(["true"], stdin=None, check=False)).returncode for _ in range(2)]
