# golden: crlf
# golden: apply asyncradar (ASYNC221): Run with await asyncio.create_subprocess_exec
# golden: apply asyncradar (ASYNC210): Use httpx.AsyncClient
import subprocess

import requests
import asyncio
import httpx


async def main(u):
	if u:
		proc = await asyncio.create_subprocess_exec("echo", "é😀", stdout=asyncio.subprocess.PIPE)
		output = await proc.communicate()
		subprocess.CompletedProcess(["echo", "é😀"], proc.returncode, *output).check_returncode()
		out = output[0]
		async with await asyncio.to_thread(httpx.AsyncClient) as client:
			r = await client.get(u, follow_redirects=True, timeout=None)
	return out, r
