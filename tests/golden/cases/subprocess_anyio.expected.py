# golden: apply-each asyncradar (ASYNC221): Run with await anyio.run_process
import anyio
import subprocess


async def build(target):
    await anyio.run_process(["make", target], stdout=None, stderr=None, check=False)
    result = await anyio.run_process(["git", "status"], cwd="/tmp")
    code = (await anyio.run_process(("true",), stderr=subprocess.DEVNULL, stdout=None, check=False)).returncode
    listing = (await anyio.run_process(["ls", "-l"], input=b"data", stderr=None)).stdout.decode()
    merged = (await anyio.run_process(["make"], stderr=subprocess.STDOUT, check=False)).stdout
    await anyio.run_process("make install", stdout=None, stderr=None)
    return result, code, listing, merged
