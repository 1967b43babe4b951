# runtime-fix: asyncradar (ASYNC230): Use an async file: async with aiofiles.open
import aiofiles


async def main(env):
    with open(env["fifo_in"], "rb") as f:
        data = f.read()
    return data.decode()
