async def main(env):
    with open(env["fifo_out"], "wb") as f:
        f.write(b"written")
    return None
