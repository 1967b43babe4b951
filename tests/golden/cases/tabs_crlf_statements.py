# golden: crlf
# golden: apply asyncradar (ASYNC221): Run with await asyncio.create_subprocess_exec
# golden: apply asyncradar (ASYNC210): Use httpx.AsyncClient
import subprocess

import requests


async def main(u):
	if u:
		out = subprocess.check_output(["echo", "é😀"])
		r = requests.get(u)
	return out, r
