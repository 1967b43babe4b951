# golden: apply-each asyncradar (ASYNC221): Run with await trio.run_process
import subprocess

import trio


async def build(target, log):
    subprocess.run(["make", target])
    result = subprocess.run(["git", "status"], capture_output=True, check=True, cwd="/tmp")
    code = subprocess.call(("true",), stderr=subprocess.DEVNULL)
    ok = subprocess.check_call(["sync"]) == 0
    listing = subprocess.check_output(["ls", "-l"], input=b"").decode()
    merged = subprocess.run(["make"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT).stdout
    subprocess.run(f"ls {target}", shell=True, stdin=None, env={"LC_ALL": "C"})
    subprocess.check_call(
        ["make",
         "install"],
    )
    return result, code, ok, listing, merged, [subprocess.call(["true"]) for _ in range(2)]
