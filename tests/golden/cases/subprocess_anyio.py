# golden: apply-each asyncradar (ASYNC221): Run with await anyio.run_process
import anyio
import subprocess


async def build(target):
    subprocess.run(["make", target])
    result = subprocess.run(["git", "status"], capture_output=True, check=True, cwd="/tmp")
    code = subprocess.call(("true",), stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
    listing = subprocess.check_output(["ls", "-l"], input=b"data").decode()
    merged = subprocess.run(["make"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT).stdout
    subprocess.check_call("make install", shell=True)
    return result, code, listing, merged
