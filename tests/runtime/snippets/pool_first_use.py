# runtime-control: no work blocks here, but a process pool's first use forks its workers on the loop thread; that one-time cost is the reference for cpu_hash.py's fix
import asyncio
from concurrent.futures import ProcessPoolExecutor

_PROCESS_POOL = ProcessPoolExecutor()


async def main(env):
    return await asyncio.get_running_loop().run_in_executor(_PROCESS_POOL, abs, -1)
