"""The settings are declared once (bot/config.py); .env.example and the README's table are written from it."""

from dataclasses import fields
from pathlib import Path

import pytest

from bot.config import Settings, declared, load_settings
from bot.config_doc import README_END, README_START, default_text, env_example, readme_table

ROOT = Path(__file__).resolve().parents[1]
REWRITE = "run `python -m bot.config_doc` to rewrite it from the declaration"


def test_env_example_is_the_declaration():
    assert (ROOT / ".env.example").read_text(encoding="utf-8") == env_example(), REWRITE


def test_readme_settings_table_is_the_declaration():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start, end = readme.index(README_START), readme.index(README_END) + len(README_END)
    assert readme[start:end] == readme_table(), REWRITE


def test_env_example_and_readme_list_exactly_the_declared_settings():
    names = [info.env for info in declared()]
    assert len(names) == len(set(names))
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    listed = [line.split("=", 1)[0] for line in example.splitlines() if line and not line.startswith("#")]
    assert listed == names
    table = readme_table()
    assert [row.split("`")[1] for row in table.splitlines()[3:-1]] == names


def test_every_attribute_is_read_from_some_setting():
    filled = {name for info in declared() for name in info.fills}
    assert filled == {f.name for f in fields(Settings)}


@pytest.mark.parametrize("info", declared(), ids=lambda info: info.env)
def test_each_shown_default_reads_back_as_the_default(info):
    shown = default_text(info)
    loaded = load_settings({info.env: shown}, env_file=None)
    for attribute in info.fills:
        assert getattr(loaded, attribute) == getattr(Settings(), attribute)


def test_env_example_copied_to_env_changes_nothing():
    assert load_settings({}, env_file=ROOT / ".env.example") == Settings()


def test_secrets_are_declared_out_of_repr():
    shown = repr(load_settings({"DISCORD_TOKEN": "tok-secret-1", "SMTP_PASSWORD": "pw-secret-2"}, env_file=None))
    assert "tok-secret-1" not in shown
    assert "pw-secret-2" not in shown


def test_drop_settle_reads_seconds():
    from datetime import timedelta

    assert Settings().drop_settle == timedelta(seconds=5)
    assert load_settings({"DROP_SETTLE": "2"}, env_file=None).drop_settle == timedelta(seconds=2)
    assert load_settings({"DROP_SETTLE": "1m"}, env_file=None).drop_settle == timedelta(minutes=1)
