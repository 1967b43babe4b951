import asyncio
import os
import time


async def main():
    time.sleep(1)
    return os.path.exists("data.txt")
