# golden: apply asyncradar (ASYNC251): Use await asyncio.sleep
"""Module docstring."""
from __future__ import annotations

import os
import time
import asyncio

LIMIT = 3


async def tick():
    await asyncio.sleep(0.5)
    return os.sep
