# golden: apply-each asyncradar (ASYNC221): Run with await asyncio.create_subprocess_exec
import subprocess
import asyncio


async def build(target, proc):
    proc_1 = await asyncio.create_subprocess_exec("make", target)
    output = await proc_1.communicate()
    subprocess.CompletedProcess(["make", target], proc_1.returncode, *output).check_returncode()
    proc_2 = await asyncio.create_subprocess_exec("git", "status", cwd="/tmp", stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    output_1 = await proc_2.communicate()
    result = subprocess.CompletedProcess(["git", "status"], proc_2.returncode, *output_1)
    proc_3 = await asyncio.create_subprocess_exec("true")
    code = await proc_3.wait()
    proc_4 = await asyncio.create_subprocess_exec("sync")
    await proc_4.wait()
    subprocess.CompletedProcess(["sync"], proc_4.returncode).check_returncode()
    proc_5 = await asyncio.create_subprocess_exec("ls", "-l", stdout=asyncio.subprocess.PIPE, stdin=asyncio.subprocess.PIPE)
    output_2 = await proc_5.communicate(b"")
    subprocess.CompletedProcess(["ls", "-l"], proc_5.returncode, *output_2).check_returncode()
    listing = output_2[0]
    return result, code, listing
