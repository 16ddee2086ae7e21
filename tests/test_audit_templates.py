"""TEMPLATES_DIR templates that build huge values or loop without end (the audit18 round): one line, bounded.

The sandbox bounded range() only: ``{{ 'a' * 10**9 }}`` took 5 GB, ``'x'|center(10**9)`` 5 GB, two nested loops
over range(100000) never ended, lipsum(100000) made 200 MB. The limits are lowered here so that each case, run
without the bounds, finishes quickly (and fails) rather than filling the memory or hanging.
"""

from __future__ import annotations

import gc
import time

import pytest
from test_hostile_cli import cli

from bot.digest import templating
from bot.errors import ConfigError


@pytest.fixture
def small_limits(monkeypatch):
    monkeypatch.setattr(templating, "RENDER_MAX", 100_000)
    monkeypatch.setattr(templating, "RENDER_SECONDS", 0.3)


@pytest.mark.parametrize(
    ("template", "said"),
    [
        ("{{ 'a' * 200000 }}", "a value over 100,000 characters or items"),
        ("{{ (['x'] * 1000) * 1000 }}", "a value over 100,000 characters or items"),
        (
            "{% set ns = namespace(s='ab') %}{% for i in range(20) %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
            "a value over 100,000 characters or items",
        ),
        ("{{ 'x'|center(200000) }}", "a number over 100,000 given to a filter or call"),
        ("{{ 'x'.ljust(200000) }}", "a number over 100,000 given to a filter or call"),
        ("{{ 3 ** 1000000 }}", "a number of over 64,000 bits"),
        ("{{ lipsum(3) }}", "UndefinedError: 'lipsum' is undefined"),
        ("{% for a in range(3000) %}{% for b in range(3000) %}{% endfor %}{% endfor %}", "after 0.3 seconds"),
        ("{% for a in range(400) %}{{ 'x' * 1000 }}{% endfor %}", "longer than 100,000 characters"),
        # Growth a step at a time, each step's arguments within the bounds: refused before the value is made.
        ("{{ ('a' * 1000)|replace('a', 'a' * 1000) }}", "a value over 100,000 characters or items"),
        ("{{ ('a' * 1000).replace('a', 'a' * 1000) }}", "a value over 100,000 characters or items"),
        ("{{ ('x\n' * 5000)|indent(50) }}", "a value over 100,000 characters or items"),
        ("{{ ('x\n' * 5000)|indent('.' * 50) }}", "a value over 100,000 characters or items"),
        ("{{ (['a'] * 1000)|join('b' * 1000) }}", "a value over 100,000 characters or items"),
    ],
)
def test_a_template_building_too_much_or_looping_is_stopped_in_one_line(tmp_path, small_limits, template, said):
    (tmp_path / "digest.md.j2").write_text(template, encoding="utf-8")
    env = templating.environment(tmp_path)
    started = time.monotonic()
    with pytest.raises(ConfigError, match=r"template digest\.md\.j2 failed: ") as caught:
        templating.render(env, "digest.md.j2", {})
    assert said in str(caught.value)
    assert time.monotonic() - started < 5


def test_what_templates_may_do_within_the_bounds_still_renders(tmp_path, small_limits):
    template = (
        "{% set ns = namespace(s='ab') %}{% for i in range(10) %}{% set ns.s = ns.s + ns.s %}{% endfor %}"
        "{{ ns.s|length }} {{ '-' * 3 }} {{ 'x'|center(5) }}| {{ 2 ** 10 }} {{ [1, 2] + [3] }}"
        " {{ 'a-b'|replace('-', '--') }} {{ 'a-b'.replace('-', '+', 1) }} {{ 'x\ny'|indent(2) }}"
    )
    (tmp_path / "digest.md.j2").write_text(template, encoding="utf-8")
    env = templating.environment(tmp_path)
    assert templating.render(env, "digest.md.j2", {}) == "2048 ---   x  | 1024 [1, 2, 3] a--b a+b x\n  y"


def test_the_command_line_says_a_huge_template_value_in_one_line(tmp_path):
    """At the real limits, through `newsdigest digest`: refused before anything is made (was 5 GB)."""
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "digest.md.j2").write_text("{{ 'a' * 10**9 }}", encoding="utf-8")
    done = cli(tmp_path, "--db", str(tmp_path / "news.db"), "digest", TEMPLATES_DIR=str(folder), timeout=60)
    assert done.returncode == 2, done.stderr
    assert done.stderr == (
        "newsdigest digest: TEMPLATES_DIR: template digest.md.j2 failed:"
        " RenderLimitError: a value over 5,000,000 characters or items\n"
    )


def test_a_render_stopped_at_its_deadline_never_leaves_the_stop_for_code_after_it(tmp_path, monkeypatch):
    """The watchdog raises in the rendering thread; a stop that comes as the render ends is withdrawn, never raised
    in whatever the thread runs next. Deadlines spread over a render's own length hit it at every point."""
    (tmp_path / "digest.md.j2").write_text("{% for i in range(60000) %}{{ i }}{% endfor %}", encoding="utf-8")
    env = templating.environment(tmp_path)
    # The render's own length on this machine: the deadlines are spread from 0 to 2.75 times it (fixed deadlines of
    # 0-44 ms left no render finished on a loaded or slower host, and the test failed without any stray stop).
    monkeypatch.setattr(templating, "RENDER_SECONDS", 60)
    began = time.monotonic()
    templating.render(env, "digest.md.j2", {})
    length = time.monotonic() - began
    said = []
    # No collection meanwhile: a stop delivered while a gc callback runs (hypothesis registers one in the test
    # process) is raised in the callback, where Python reports it as unraisable, and pytest failed the test on that
    # report (once in a CI rehearsal), though no stop was left for code after the render.
    gc.disable()
    try:
        for attempt in range(48):
            monkeypatch.setattr(templating, "RENDER_SECONDS", (attempt % 12) / 4 * length)
            try:
                templating.render(env, "digest.md.j2", {})
                said.append("rendered")
            except ConfigError as exc:
                said.append(str(exc))
            spin = time.monotonic() + 0.003
            while time.monotonic() < spin:  # a stray stop would be raised here, outside any render
                pass
    finally:
        gc.enable()
    assert "rendered" in said
    stopped = [s for s in said if s != "rendered"]
    assert stopped
    assert all("RenderTimeoutError: still rendering after" in s for s in stopped), stopped
