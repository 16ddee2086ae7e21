"""The project's Discord emulator (tests/e2e) in a process of its own, for the bot RSS benchmark.

Prints one JSON line with the token and endpoints, waits for a bot to identify and register its commands,
prints ``ready``, then answers lines read from stdin: ``find QUERY`` asks /find and
prints the answer time in ms.
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "e2e"))

from discord_emulator import Emulator


async def main() -> int:
    """Serve until stdin closes."""
    emu = Emulator()
    await emu.start()
    print(json.dumps({"token": emu.token, "api_base": emu.api_base, "gateway_url": emu.gateway_url}), flush=True)
    await emu.wait_for(lambda: emu.identifies >= 1 and emu.commands, within=120)
    print("ready", flush=True)
    loop = asyncio.get_running_loop()
    while True:
        line = await loop.run_in_executor(None, sys.stdin.readline)
        if not line:
            break
        if line.startswith("find "):
            start = time.perf_counter()
            asked = await emu.slash("find", options={"query": line[5:].strip()})
            await emu.done(asked)
            print(f"find {(time.perf_counter() - start) * 1000:.1f}", flush=True)
    await emu.close()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
