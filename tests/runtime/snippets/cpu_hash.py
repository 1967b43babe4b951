# runtime-after-ms: 40 (the pool forks its workers on first use, on the loop thread: a one-time cost)
import hashlib


async def main(env):
    return hashlib.pbkdf2_hmac("sha256", b"password", b"salt", 1_500_000).hex()
