import subprocess


async def main(env):
    r = subprocess.run(["sh", "-c", "sleep 0.3; echo oops; exit 3"], capture_output=True, check=True)
    return r.stdout.decode()
