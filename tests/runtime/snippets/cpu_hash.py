import hashlib


async def main(env):
    return hashlib.pbkdf2_hmac("sha256", b"password", b"salt", 1_000_000).hex()
