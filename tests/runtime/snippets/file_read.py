async def main(env):
    with open(env["fifo_in"], "rb") as f:
        data = f.read()
    return data.decode()
