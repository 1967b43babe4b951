# golden: absent asyncradar (ARD150): Run in a process pool: await loop.run_in_executor
# golden: apply-each asyncradar (ARD150): Run in a worker thread: await asyncio.to_thread
import hashlib
import asyncio


async def derive(password, salts):
    def local_salt():
        return salts[0]
    a = await asyncio.to_thread(hashlib.pbkdf2_hmac, "sha256", password, local_salt, 10)
    b = await asyncio.to_thread(hashlib.pbkdf2_hmac, "sha256", password, (lambda: salts)(), 10)
    return a, b
