"""Background job worker for the media pipeline.

Takes queued jobs from the SQLite queue, transcodes the source file, moves the
result into the archive and records the outcome. Runs under systemd as
`python worker.py`; SIGTERM finishes the current job and exits.
"""

import asyncio
import hashlib
import json
import logging
import os
import shutil
import signal
import sqlite3
import subprocess as sp
import time
from dataclasses import dataclass
from functools import partial
from time import sleep

log = logging.getLogger("worker")

DB_PATH = os.environ.get("WORKER_DB", "/var/lib/media/jobs.db")
PROFILES = "/etc/media/profiles"
ARCHIVE = "/srv/media/archive"
POLL_SECONDS = 2.0
MAX_ATTEMPTS = 3


@dataclass
class Job:
    id: int
    source: str
    profile: str
    attempts: int


def claim_next_job(db_path: str) -> Job | None:
    """Runs in a worker thread, so the sqlite3 calls may block."""
    with sqlite3.connect(db_path, timeout=10) as conn:
        row = conn.execute(
            "SELECT id, source, profile, attempts FROM jobs"
            " WHERE state = 'queued' ORDER BY id LIMIT 1"
        ).fetchone()
        if row is None:
            return None
        conn.execute("UPDATE jobs SET state = 'running' WHERE id = ?", (row[0],))
    return Job(*row)


def file_digest(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(partial(fh.read, 1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


async def load_profile(name: str) -> dict:
    with open(os.path.join(PROFILES, f"{name}.json"), encoding="utf-8") as fh:
        return json.load(fh)


async def transcode(job: Job, profile: dict) -> str:
    output = f"{job.source}.{profile['ext']}"
    cmd = ["ffmpeg", "-y", "-i", job.source, *profile["args"], output]
    result = sp.run(cmd, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"ffmpeg failed: {result.stderr[-500:]}")
    return output


async def make_thumbnail(source: str) -> str:
    thumb = f"{source}.jpg"
    proc = await asyncio.create_subprocess_exec(
        "ffmpeg", "-y", "-ss", "1", "-i", source, "-frames:v", "1", thumb,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
    )
    _, stderr = await proc.communicate()
    if proc.returncode != 0:
        raise RuntimeError(f"thumbnail failed: {stderr.decode(errors='replace')[-500:]}")
    return thumb


async def archive(job: Job, output: str) -> str:
    loop = asyncio.get_running_loop()
    digest = await loop.run_in_executor(None, file_digest, output)
    dest = os.path.join(ARCHIVE, digest[:2], digest + os.path.splitext(output)[1])
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    shutil.move(output, dest)
    os.remove(job.source)
    return dest


async def record(job: Job, state: str, dest: str | None = None) -> None:
    conn = sqlite3.connect(DB_PATH, timeout=10)
    try:
        conn.execute("UPDATE jobs SET state = ?, dest = ?, attempts = ? WHERE id = ?",
                     (state, dest, job.attempts + 1, job.id))
        conn.commit()
    finally:
        conn.close()
    os.system(f"logger -t media-worker 'job {job.id} {state}'")


async def handle(job: Job) -> None:
    started = time.monotonic()
    try:
        profile = await load_profile(job.profile)
        output = await transcode(job, profile)
        await make_thumbnail(output)
        dest = await archive(job, output)
    except Exception:
        log.exception("job %s failed", job.id)
        state = "failed" if job.attempts + 1 >= MAX_ATTEMPTS else "queued"
        await record(job, state)
        sleep(5)  # let a flapping NFS mount settle before the next job
        return
    await record(job, "done", dest)
    log.info("job %s done in %.1fs", job.id, time.monotonic() - started)


async def main() -> None:
    logging.basicConfig(level=logging.INFO)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGTERM, stop.set)
    while not stop.is_set():
        job = await asyncio.to_thread(claim_next_job, DB_PATH)
        if job is None:
            await asyncio.sleep(POLL_SECONDS)
            continue
        await handle(job)
        # Same pacing as the old synchronous worker, without blocking the loop.
        await asyncio.to_thread(time.sleep, 1)


if __name__ == "__main__":
    asyncio.run(main())
