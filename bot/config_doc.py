"""Write ``.env.example`` and the README's settings table from the declaration in ``bot/config.py``.

``python -m bot.config_doc`` rewrites both after a setting is added or changed; ``tests/test_env_example.py``
fails while they differ from the declaration.
"""

from __future__ import annotations

import textwrap
from dataclasses import MISSING, fields
from datetime import timedelta
from pathlib import Path

from bot.config import Declared, Settings, declared
from bot.config_values import format_duration

README_START = "<!-- settings table: written by `python -m bot.config_doc` from bot/config.py -->"
README_END = "<!-- end of settings table -->"

_ENV_HEADER = """\
# newsdigest settings. Copy to .env and change what you need; the environment overrides this file.
# Each setting is shown with its default (empty: not set); without DISCORD_TOKEN `newsdigest run` runs without
# the Discord bot. Written by `python -m bot.config_doc` from the declaration in bot/config.py.
"""


def default_text(info: Declared) -> str:
    """Return a setting's default as a person writes it in ``.env`` (empty when it has none)."""
    if info.shown is not None:
        return info.shown
    defaults = {f.name: f.default for f in fields(Settings)}
    value = defaults[info.attribute]
    if value is MISSING or value is None or value in ((), ""):
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, timedelta):
        return format_duration(value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def env_example() -> str:
    """Return the whole ``.env.example``: every setting with its help and its default, by section."""
    lines = [_ENV_HEADER.rstrip("\n")]
    for info in declared():
        if info.section:
            lines += ["", f"# --- {info.section} " + "-" * max(3, 100 - len(info.section))]
        lines += textwrap.wrap(info.help, 116, initial_indent="# ", subsequent_indent="# ")
        lines.append(f"{info.env}={default_text(info)}")
    return "\n".join(lines) + "\n"


def readme_table() -> str:
    """Return the README's settings table, between its two marker comments."""
    rows = [README_START, "| setting | default | meaning |", "|---|---|---|"]
    for info in declared():
        shown = default_text(info)
        rows.append(f"| `{info.env}` | {f'`{shown}`' if shown else 'none'} | {info.help.replace('|', '/')} |")
    rows.append(README_END)
    return "\n".join(rows)


def replace_readme_table(readme: str) -> str:
    """Return the README with its settings table replaced by the declared one.

    Raises:
        ValueError: if the README lacks the markers.
    """
    start, end = readme.find(README_START), readme.find(README_END)
    if start < 0 or end < start:
        raise ValueError("the README has no settings table markers")
    return readme[:start] + readme_table() + readme[end + len(README_END) :]


def main(root: Path = Path()) -> None:
    """Rewrite ``.env.example`` and the README's settings table in ``root``."""
    (root / ".env.example").write_text(env_example(), encoding="utf-8")
    readme = root / "README.md"
    readme.write_text(replace_readme_table(readme.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main()
