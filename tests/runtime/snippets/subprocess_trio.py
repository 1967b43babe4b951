import subprocess

import trio

LIBRARY = "trio"


async def main(env):
    # trio.run_process checks by default and feeds an empty stdin: the fix
    # must keep subprocess.run's check=False and inherited stdin.
    r = subprocess.run(["sh", "-c", "sleep 0.3; echo out; echo err >&2; exit 3"],
                       capture_output=True)
    code = subprocess.call(["sh", "-c", "exit 4"])
    listing = subprocess.check_output(("sh", "-c", "cat; echo end"), input=b"fed ")
    try:
        subprocess.run(["sh", "-c", "echo oops; exit 5"], stdout=subprocess.PIPE, check=True)
        failed = None
    except subprocess.CalledProcessError as e:
        failed = [e.returncode, e.cmd, e.stdout.decode(), e.stderr]
    await trio.sleep(0)
    return [r.returncode, r.args, r.stdout.decode(), r.stderr.decode(), code, listing.decode(),
            failed]
