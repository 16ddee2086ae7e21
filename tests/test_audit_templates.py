"""TEMPLATES_DIR templates that build huge values or loop without end (the audit18 round): one line, bounded.

The sandbox bounded range() only: ``{{ 'a' * 10**9 }}`` took 5 GB, ``'x'|center(10**9)`` 5 GB, two nested loops
over range(100000) never ended, lipsum(100000) made 200 MB. The limits are lowered here so that each case, run
without the bounds, finishes quickly (and fails) rather than filling the memory or hanging.
"""

from __future__ import annotations

import contextlib
import gc
import sys
import threading
import time
import weakref

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


def _spin(seconds):
    """Busy Python code for ``seconds``: a stop sent meanwhile is raised here."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass


class _SpinsWhenDropped:
    def __del__(self):
        _spin(5)


class _Target:
    pass


def _stop_lost_in_del(cleanup):
    def lose():
        _SpinsWhenDropped()  # dropped at once: its __del__ runs inside the render
        return ""

    return lose


def _stop_lost_in_weakref_callback(cleanup):
    refs = []

    def lose():
        target = _Target()
        refs.append(weakref.ref(target, lambda _: _spin(5)))
        del target  # the callback runs inside the render
        return ""

    return lose


def _stop_lost_in_gc_callback(cleanup):
    armed = []

    def spin_once(phase, info):
        if phase == "start" and threading.get_ident() in armed:
            armed.clear()
            _spin(5)

    gc.callbacks.append(spin_once)
    cleanup.callback(gc.callbacks.remove, spin_once)

    def lose():
        armed.append(threading.get_ident())
        gc.collect()
        return ""

    return lose


@pytest.mark.parametrize("losing", [_stop_lost_in_del, _stop_lost_in_weakref_callback, _stop_lost_in_gc_callback])
def test_a_render_whose_stop_is_lost_in_a_callback_is_stopped_again(tmp_path, monkeypatch, losing):
    """A stop raised while the rendering thread runs a __del__, a weakref or gc callback is reported as unraisable
    and lost; the watchdog stops the render again rather than letting it run for ever (it did: one stop only).
    Here the first stop lands for certain in a callback that spins past the deadline; the endless loop after it
    gives up by itself after a few seconds, so that the test fails rather than hangs without the fix."""
    (tmp_path / "digest.md.j2").write_text(
        "{{ lose() }}{% for a in range(100000) %}{% for b in range(100000) %}{{ alive() }}{% endfor %}{% endfor %}",
        encoding="utf-8",
    )
    env = templating.environment(tmp_path)
    lost = []
    monkeypatch.setattr(sys, "unraisablehook", lambda report: lost.append(report.exc_type))
    monkeypatch.setattr(templating, "RENDER_SECONDS", 0.2)
    started = time.monotonic()

    def alive():
        if time.monotonic() - started > 4:
            raise RuntimeError("never stopped")
        return ""

    with contextlib.ExitStack() as cleanup, pytest.raises(ConfigError) as caught:
        templating.render(env, "digest.md.j2", {"lose": losing(cleanup), "alive": alive})
    assert "RenderTimeoutError: still rendering after 0.2 seconds" in str(caught.value)
    # Stopped again well before the loop gives up by itself (4 s): a gc pass of a busy test worker on a loaded host
    # took 2.3 s of this once, so the bound leaves room for that, not for a render left running.
    assert time.monotonic() - started < 3.5
    assert templating.RenderTimeoutError in lost  # the first stop was lost in the callback


def test_renders_stopped_again_in_several_threads_never_leave_a_stop_for_code_after_them(tmp_path, monkeypatch):
    """A stop is sent again until the render ends, so ends race stops: none is ever raised after the render.

    Four threads render a short template in a loop, deadlines spread around its own length (some finish just
    before, some just after), stops sent again every 0.2 ms, threads switched every 10 microseconds, and a template
    global losing the stops that land in it, as a __del__ does. After each render, and at the end for many
    re-sends' time, code runs that would see a stop left for it (the thread's next render would too). A re-send
    to any watch not yet forgotten (no mark of the render's end) left 2-4 stops here in each run; the watchdog of
    one stop only hung here in half the runs, its lock held by a thread that a stop had ended as it took it."""
    (tmp_path / "digest.md.j2").write_text("{% for i in range(30) %}{{ lose() }}{{ i }}{% endfor %}", encoding="utf-8")
    env = templating.environment(tmp_path)
    lost, stray, said = [], [], []
    inside = threading.local()

    def lose():
        try:
            _spin(0.000002)
        except templating.RenderTimeoutError:
            lost.append("in lose()")
        return ""

    def reported(report):  # a stop raised in a gc callback (hypothesis has one): lost if in a render, else stray
        (lost if getattr(inside, "render", False) else stray).append(report.exc_type)

    def renders(first):
        try:
            for attempt in range(first, first + 600):
                # One deadline for all threads, set by each before its render: a render takes one of the values.
                templating.RENDER_SECONDS = length * (0, 0.25, 0.5, 0.75, 1, 1.25, 1.5, 2, 4, 50)[attempt % 10]
                inside.render = True
                try:
                    templating.render(env, "digest.md.j2", {"lose": lose})
                    said.append("rendered")
                except ConfigError as exc:
                    said.append(str(exc))
                finally:
                    inside.render = False
                for _ in range(50):
                    pass
            _spin(0.02)
        except templating.RenderTimeoutError as exc:
            stray.append(exc)

    monkeypatch.setattr(sys, "unraisablehook", reported)
    monkeypatch.setattr(templating, "RENDER_SECONDS", 60)
    templating.render(env, "digest.md.j2", {"lose": lose})  # compiled
    began = time.monotonic()
    templating.render(env, "digest.md.j2", {"lose": lose})
    length = time.monotonic() - began
    monkeypatch.setattr(templating, "REFIRE_SECONDS", 0.0002)
    threads = [threading.Thread(target=renders, args=(n * 3,), daemon=True) for n in range(4)]
    switching = sys.getswitchinterval()
    sys.setswitchinterval(0.00001)
    try:
        for thread in threads:
            thread.start()
        waited = time.monotonic() + 30
        for thread in threads:
            thread.join(max(0, waited - time.monotonic()))
    finally:
        sys.setswitchinterval(switching)
    # A stop raised in the watchdog's lock taken (a Condition's __enter__) left it held: every render waited.
    assert not any(thread.is_alive() for thread in threads)
    assert not stray
    assert "rendered" in said
    stopped = [s for s in said if s != "rendered"]
    assert stopped
    assert all("RenderTimeoutError: still rendering after" in s for s in stopped), stopped
    assert lost  # stops were lost, and sent again
