# golden: apply asyncradar (ASYNC251): Use await asyncio.sleep
"""Module docstring."""
from __future__ import annotations

import os
import time

LIMIT = 3


async def tick():
    time.sleep(0.5)
    return os.sep
