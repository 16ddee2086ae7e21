from datetime import UTC, date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.chat.errors import explain
from bot.chat.formatting import timestamp
from bot.chat.options import OptionError, parse_since, parse_time, parse_zone, zone_choices
from bot.digest.escape import discord_text as escape
from bot.digest.escape import shorten as clip
from bot.errors import InvalidSearchQueryError

NOW = datetime(2026, 3, 28, 12, 0, tzinfo=UTC)


def test_escape_neutralises_mentions_and_markdown():
    text = escape("@everyone @here <@123> <@!4> <@&5> <#6> **b** __u__ [l](http://x) `c` ||s||\n# h\n> q\n- i")
    for raw in ("@everyone", "@here", "<@123>", "<@!4>", "<@&5>", "<#6>", "**b**", "[l](", "`c`", "||s||"):
        assert raw not in text
    assert "\n\\# h" in text
    assert "\n\\> q" in text
    assert "\n\\- i" in text
    assert escape("a-b: c.d") == "a-b: c.d"


@given(st.text(max_size=300), st.integers(min_value=2, max_value=200))
def test_clip_respects_limit_and_never_ends_on_a_lone_backslash(text, limit):
    out = clip(escape(text), limit)
    assert len(out) <= limit
    if out.endswith("…"):
        body = out[:-1]
        assert len(body) - len(body.rstrip("\\")) in (0, 2, 4, 6, 8) or not body.endswith("\\")


def test_timestamps():
    assert timestamp(datetime(2026, 1, 1, tzinfo=UTC)) == "<t:1767225600:D>"
    assert timestamp(date(2026, 1, 1), "R") == "<t:1767268800:R>"
    assert timestamp(None) == ""


def test_parse_since():
    default = datetime(2026, 3, 27, tzinfo=UTC)
    assert parse_since(None, NOW, default) == default
    assert parse_since(None, NOW) is None  # not given: the caller picks the start later (/digest, after deferring)
    assert parse_since(" ", NOW) is None
    assert parse_since("12h", NOW, default) == datetime(2026, 3, 28, 0, 0, tzinfo=UTC)
    assert parse_since("2026-03-01", NOW, default) == datetime(2026, 3, 1, tzinfo=UTC)
    with pytest.raises(OptionError, match="duration"):
        parse_since("soon", NOW, default)
    with pytest.raises(OptionError, match="future"):
        parse_since("2027-01-01", NOW, default)


def test_time_and_zone_options():
    assert parse_time("7:30") == "07:30"
    with pytest.raises(OptionError):
        parse_time("7pm")
    assert parse_zone(" Europe/Berlin ") == "Europe/Berlin"
    with pytest.raises(OptionError):
        parse_zone("Berlin")
    with pytest.raises(OptionError):
        parse_zone("Europe/" + "x" * 400)  # an over-long name is an OSError inside zoneinfo
    assert zone_choices("berlin")[0] == "Europe/Berlin"
    assert len(zone_choices("a")) == 25


def test_explain_is_friendly_and_short():
    assert explain(InvalidSearchQueryError("type words")) == "type words"
    assert "logged" in explain(RuntimeError("secret internals"))
    assert "secret" not in explain(RuntimeError("secret internals"))
