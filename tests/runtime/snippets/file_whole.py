async def main(env):
    return open(env["fifo_in"], "rb").read().decode()
