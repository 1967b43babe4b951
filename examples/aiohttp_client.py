"""A small same-site crawler built on aiohttp.

Starts from the URLs in a file (or one typed at the prompt), follows links on
the same host up to MAX_DEPTH and stores every HTML page under pages/.
Usage: python aiohttp_client.py [urls.txt]
"""

import asyncio
import hashlib
import logging
import os
import re
import sys
import urllib.request
from urllib.parse import urljoin, urlparse

import aiofiles
import aiohttp

log = logging.getLogger("crawler")

OUT_DIR = "pages"
MAX_DEPTH = 2
CONCURRENCY = 8
USER_AGENT = "example-crawler/0.3 (+https://example.org/bot)"
LINK_RE = re.compile(r'href="([^"#]+)"')


def page_path(url: str) -> str:
    digest = hashlib.sha256(url.encode()).hexdigest()[:32]
    return os.path.join(OUT_DIR, f"{digest}.html")


def read_url_list(path: str) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        return [line.strip() for line in fh if line.strip() and not line.startswith("#")]


async def fetch(session: aiohttp.ClientSession, url: str) -> str | None:
    try:
        async with session.get(url, timeout=aiohttp.ClientTimeout(total=15)) as resp:
            if resp.status != 200 or resp.content_type != "text/html":
                return None
            return await resp.text()
    except aiohttp.ClientError as exc:
        # Some old hosts only talk to a plain HTTP/1.0 client: retry with urllib.
        log.info("aiohttp failed for %s (%s), retrying with urllib", url, exc)
        req = urllib.request.Request(url, headers={"User-Agent": USER_AGENT})
        with urllib.request.urlopen(req, timeout=15) as legacy:
            return legacy.read().decode("utf-8", errors="replace")


async def save(url: str, html: str) -> bool:
    path = page_path(url)
    if os.path.exists(path):
        return False
    async with aiofiles.open(path, "w", encoding="utf-8") as fh:
        await fh.write(html)
    return True


class Crawler:
    def __init__(self, start_urls: list[str], max_depth: int = MAX_DEPTH) -> None:
        self.queue: asyncio.Queue[tuple[str, int]] = asyncio.Queue()
        self.seen: set[str] = set(start_urls)
        self.saved = 0
        self.max_depth = max_depth
        for url in start_urls:
            self.queue.put_nowait((url, 0))

    def same_site_links(self, base: str, html: str) -> list[str]:
        host = urlparse(base).netloc
        found = (urljoin(base, href) for href in LINK_RE.findall(html))
        return [u for u in found if urlparse(u).netloc == host]

    async def worker(self, session: aiohttp.ClientSession) -> None:
        while True:
            url, depth = await self.queue.get()
            try:
                html = await fetch(session, url)
                if html is None:
                    continue
                if await save(url, html):
                    self.saved += 1
                if depth < self.max_depth:
                    for link in self.same_site_links(url, html):
                        if link not in self.seen:
                            self.seen.add(link)
                            self.queue.put_nowait((link, depth + 1))
            except Exception:
                log.exception("failed on %s", url)
            finally:
                self.queue.task_done()

    async def run(self) -> int:
        async with aiohttp.ClientSession(headers={"User-Agent": USER_AGENT}) as session:
            workers = [asyncio.create_task(self.worker(session)) for _ in range(CONCURRENCY)]
            await self.queue.join()
            for task in workers:
                task.cancel()
            await asyncio.gather(*workers, return_exceptions=True)
        return self.saved


async def main() -> int:
    logging.basicConfig(level=logging.INFO)
    if len(sys.argv) > 1:
        start = await asyncio.to_thread(read_url_list, sys.argv[1])
    else:
        start = [input("Start URL: ").strip()]
    if not os.path.exists(OUT_DIR):
        await asyncio.to_thread(os.makedirs, OUT_DIR, exist_ok=True)
    saved = await Crawler(start).run()
    print(f"saved {saved} new pages into {OUT_DIR}/")
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
