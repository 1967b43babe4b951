# golden: apply-each asyncradar (ARD150): Run in a process pool: await loop.run_in_executor
"""Password hashing."""
import hashlib
from concurrent.futures import ProcessPoolExecutor
import asyncio
import functools
_PROCESS_POOL = ProcessPoolExecutor()


async def derive(password, salt):
    key = await asyncio.get_running_loop().run_in_executor(_PROCESS_POOL, hashlib.pbkdf2_hmac, "sha256", password, salt, 100_000)
    other = await asyncio.get_running_loop().run_in_executor(_PROCESS_POOL, functools.partial(hashlib.scrypt, password, salt=salt, n=2**14, r=8, p=1))
    return key, other
