"""The project's Discord emulator (tests/e2e) in a process of its own, for the bot RSS benchmark.

Prints one JSON line with the token and endpoints, waits for a bot to identify and register its commands,
prints ``ready`` (not with ``--no-wait``), then answers lines read from stdin: ``find QUERY`` asks /find and
prints the answer time in ms; ``posts`` prints how many messages the bot posted in the first channel;
``channel`` prints the ids of the guild and the first channel.
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
    if "--no-wait" not in sys.argv:
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
        elif line.startswith("posts"):
            print(len(emu.channel_posts(next(iter(emu.channels)))), flush=True)
        elif line.startswith("channel"):
            print(emu.guild_id, next(iter(emu.channels)), flush=True)
    await emu.close()
    return 0


if __name__ == "__main__":
    sys.exit(asyncio.run(main()))
