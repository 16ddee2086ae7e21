import asyncio
import os
import signal
import sys
from dataclasses import replace
from pathlib import Path

from bot.runner import run_bot

ROOT = Path(__file__).resolve().parents[2]


async def test_missing_token_is_one_clear_line(harness):
    harness.expect_errors = True
    status = await run_bot(replace(harness.settings, discord_token=None), clock=harness.clock)
    assert status == 2
    assert [r.getMessage() for r in harness.errors.records] == [
        "DISCORD_TOKEN is not set: put the bot token from the Discord developer portal in .env"
    ]


async def test_bad_token_is_one_clear_line_and_exit_2(harness):
    harness.expect_errors = True
    harness.configure(discord_token="not-the-token")  # noqa: S106 - a wrong token on purpose
    status = await asyncio.wait_for(run_bot(harness.settings, clock=harness.clock, guild_ready_timeout=0.05), 5)
    assert status == 2
    records = harness.errors.records
    assert len(records) == 1
    assert "Discord rejected DISCORD_TOKEN" in records[0].getMessage()
    assert records[0].exc_info is None
    assert harness.emu.identifies == 0


async def test_sigterm_logs_out_and_closes_cleanly(harness, tmp_path):
    emu = harness.emu
    script = (
        "import asyncio, logging, sys\n"
        "from pathlib import Path\n"
        "from bot.clock import SystemClock\n"
        "from bot.config import Settings\n"
        "from bot.runner import run_bot\n"
        "logging.basicConfig(level=logging.INFO, stream=sys.stderr)\n"
        f"s = Settings(database_path=Path({str(tmp_path / 'run.db')!r}), discord_token={emu.token!r},"
        f" discord_api_base={emu.api_base!r}, discord_gateway_url={emu.gateway_url!r})\n"
        "sys.exit(asyncio.run(run_bot(s, clock=SystemClock(), guild_ready_timeout=0.05)))\n"
    )
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-c",
        script,
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stderr=asyncio.subprocess.PIPE,
    )
    try:
        await emu.wait_for(lambda: emu.identifies == 1 and emu.commands, within=15)
        proc.send_signal(signal.SIGTERM)
        _, err = await asyncio.wait_for(proc.communicate(), 10)
    finally:
        if proc.returncode is None:
            proc.kill()
            await proc.wait()
    text = err.decode()
    assert proc.returncode == 0, text
    assert "stopped cleanly" in text
    assert "Traceback" not in text, text
    assert (tmp_path / "run.db").exists()
