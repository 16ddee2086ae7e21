"""Patterns a command may never use are compiled when first asked for, not when ``bot.cli`` is imported.

Every ``newsdigest`` command (and every test that runs ``python -m bot``) paid ~50 ms of CPU at start to compile the
line classifier's combined pattern and its ~300 alternatives, and the language guess's script classes
(bench/README.md, "Start-up CPU").
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

# Imports bot.cli with re._compile recording every source it is given, and prints them.
_RECORD = """
import json, re, sys
seen = []
compile_ = re._compile
def record(pattern, flags):
    seen.append(pattern if isinstance(pattern, str) else repr(pattern))
    return compile_(pattern, flags)
re._compile = record
import bot.cli
re._compile = compile_
print(json.dumps(seen))
"""


def _compiled_at_import() -> set[str]:
    done = subprocess.run([sys.executable, "-c", _RECORD], capture_output=True, text=True, timeout=120, check=True)
    return set(json.loads(done.stdout))


def test_importing_the_command_line_compiles_neither_the_line_alternation_nor_the_script_classes() -> None:
    from bot.text import linepatterns
    from bot.text.regexstart import alternatives, start_class

    seen = _compiled_at_import()
    parts = linepatterns.ANCHORED_PARTS
    assert parts[0].pattern in seen  # the recording sees the module's own patterns
    assert linepatterns._alternation(parts).pattern not in seen
    pieces = [piece for part in parts for piece in alternatives(part) if piece not in parts]
    assert len(pieces) > 100
    assert not {piece.pattern for piece in pieces} & seen
    starts = [start_class(piece) for piece in pieces]
    assert not {start.pattern for start in starts if start is not None and start.pattern not in _PLAIN} & seen
    assert not {"[\u4e00-\u9fff]", "[\uac00-\ud7af]", "[\u0370-\u03ff]"} & seen  # Han, Hangul, Greek


# Start classes other modules may compile for themselves at import.
_PLAIN = {"[\\d]", "[\\s]", "[\\w]"}


def test_the_lazy_patterns_are_the_ones_compiled_at_import_before() -> None:
    from bot.text import language, linepatterns

    combined = linepatterns.anchored_pattern()
    assert combined is linepatterns.anchored_pattern()
    assert combined.pattern == "|".join(
        f"(?{'i' if part.flags & re.I else ''}:{part.pattern})" for part in linepatterns.ANCHORED_PARTS
    )
    assert combined.flags == re.UNICODE
    scripts = language._scripts()
    assert scripts is language._scripts()
    assert [name for name, _ in scripts] == [
        "el",
        "hy",
        "he",
        "ar",
        "hi",
        "bn",
        "ta",
        "th",
        "my",
        "ka",
        "ja",
        "ko",
        "zh",
    ]
    assert [(pattern.pattern, pattern.flags) for _, pattern in scripts] == [
        (f"[{chars}]", re.UNICODE) for _, chars in language._SCRIPT_CLASSES
    ]
    assert language._scripts()[-1][1].pattern == "[\u4e00-\u9fff]"
