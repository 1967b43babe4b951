# golden: apply-each asyncradar (ASYNC221): Run with await asyncio.create_subprocess_exec
import subprocess


async def build(target, proc):
    subprocess.run(["make", target], check=True)
    result = subprocess.run(["git", "status"], capture_output=True, cwd="/tmp")
    code = subprocess.call(("true",))
    subprocess.check_call(["sync"])
    listing = subprocess.check_output(["ls", "-l"], input=b"")
    return result, code, listing
