# golden: absent asyncradar (ASYNC251): Disable ASYNC251 for this line
import time


async def main():
    text = f"""{time.sleep(1)}
    """
    return text
