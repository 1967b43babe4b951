# golden: apply-each asyncradar (ARD150): Run in a process pool: await loop.run_in_executor
"""Password hashing."""
import hashlib


async def derive(password, salt):
    key = hashlib.pbkdf2_hmac("sha256", password, salt, 100_000)
    other = hashlib.scrypt(password, salt=salt, n=2**14, r=8, p=1)
    return key, other
