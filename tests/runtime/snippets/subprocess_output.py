import subprocess


async def main(env):
    out = subprocess.check_output(["sh", "-c", "sleep 0.3; echo done"])
    return out.decode()
