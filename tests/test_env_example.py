"""Every setting the program reads is documented in .env.example, and the example itself loads."""

import re
from pathlib import Path

from bot.config import load_settings

ROOT = Path(__file__).resolve().parents[1]


def test_env_example_lists_every_setting():
    source = (ROOT / "bot" / "config.py").read_text()
    read = set(re.findall(r'opt\("([A-Z_]+)"', source)) | {"FEED_ALLOWED_NETWORKS", "WEB_LISTEN"}
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z_]+)=", (ROOT / ".env.example").read_text(), re.M))
    assert read - documented == set()


def test_env_example_loads_as_is():
    settings = load_settings({}, env_file=ROOT / ".env.example")
    assert settings.key_points == 3
    assert settings.discord_token is None
