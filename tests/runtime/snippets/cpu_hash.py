# runtime-after-reference: pool_first_use.py (the pool forks its workers on first use, on the loop thread: a one-time cost that grows with the machine's cores)
import hashlib


async def main(env):
    return hashlib.pbkdf2_hmac("sha256", b"password", b"salt", 1_500_000).hex()
