import subprocess

import anyio

LIBRARY = "anyio"


async def main(env):
    # anyio.run_process checks and captures by default: the fix must keep
    # subprocess.run's check=False and uncaptured streams.
    r = subprocess.run(["sh", "-c", "sleep 0.3; echo err >&2; exit 3"], stderr=subprocess.PIPE)
    out = subprocess.check_output(["sh", "-c", "echo done"]).decode()
    try:
        subprocess.check_call("exit 5", shell=True)
        failed = None
    except subprocess.CalledProcessError as e:
        failed = [e.returncode, e.cmd, e.stdout, e.stderr]
    await anyio.sleep(0)
    return [r.returncode, r.args, r.stdout, r.stderr.decode(), out, failed]
