"""CPU per pasted file of several checkouts of the code, on the same inputs: A/B across commits.

``bench.parse_cpu`` times the tree it is run from, and an old commit may not have it (or the helpers it
imports). This script writes the inputs once, from this tree, then times whichever ``bot`` package comes first
on ``PYTHONPATH``, importing nothing but ``read_pasted``, ``parse_retrieved`` and ``Retrieved``, so that a
checkout from before the headline model (82462d6) runs it as it is:

    python -m bench.parse_cpu_ab --write /tmp/inputs.json     # 6 x 1,000 synthetic files and the 583 copies
    cd /tmp && PYTHONPATH=/path/to/checkout python /path/to/bench/parse_cpu_ab.py /tmp/inputs.json syn
    cd /tmp && PYTHONPATH=/path/to/checkout python /path/to/bench/parse_cpu_ab.py /tmp/inputs.json real

Run the checkouts alternately, in separate processes, under the bench lock. As ``bench.parse_cpu``: CPU seconds
(``time.process_time``), the best of 3 passes; synthetic files are new in each pass; before each pass every
bounded cache of ``bot`` (the line caches) is emptied, so the dataset's copies cost what new copies cost.

Instructions instead of seconds (``--count``), which the host's load and drift do not move: each checkout runs
the first ``--files`` synthetic files of the first pass and as many copies through the client's per-article
path under ``valgrind --tool=callgrind``, one stage at a time, and the instructions each stage executed are
printed per file (the checkouts side by side, each from ``git archive REV | tar -x -C DIR``):

    python -m bench.parse_cpu_ab --count /tmp/inputs.json DIR [DIR...] [--files 150]

Every stage is run once unmeasured first (what a module builds at its first use is no article's cost, and the
key points' stems, remembered beyond the bounded caches, are as warm for each stage); then each is run with every
bounded cache emptied: ``read_pasted``; key points of its body; the content
fingerprint (``similarity.fingerprint``); the whole parser (``parse_retrieved``: decode, binary check, the
reader, key points, the rest); the records an ingest makes of each article (``identity.identify`` and, where the
checkout has it, the language guess of ``NewArticle``). "rest" is the whole parser less the reader and the key
points. Each stage runs inside ``operator.call``, a C function nothing else calls, and callgrind zeroes its
counters before that call and dumps them after it (``--zero-before``/``--dump-after``), so a stage's count is
its own, imports and start-up excluded. ``PYTHONHASHSEED`` is fixed: the same checkout counts the same twice
(to ~0.01 %).
"""

from __future__ import annotations

import json
import operator
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

NOW = datetime(2026, 1, 1, tzinfo=UTC)
PASSES = 3
FILES = 1000


def write_inputs(path: Path) -> None:
    """Write the synthetic files of ``bench.parse_cpu`` (two sets of passes) and the dataset's copies."""
    from bench.parse_cpu import ROOT, _inputs, synthetic

    syn = [synthetic(FILES, 1 + k * FILES) for k in range(2 * PASSES)]
    real = [text for name, text in _inputs(ROOT.parent / "shared" / "datasets", 0) if not name.startswith("html/")]
    path.write_text(json.dumps({"synthetic": syn, "real": real}), encoding="utf-8")
    print(f"{len(syn)} x {FILES} synthetic files, {len(real)} copies -> {path}")


def _forget() -> None:
    """Empty every bounded cache of the bot package (whatever caches the checkout has)."""
    for name, module in list(sys.modules.items()):
        if name == "bot" or name.startswith("bot."):
            for value in list(vars(module).values()):
                info = getattr(value, "cache_info", None)
                if callable(info) and getattr(value, "__module__", "") == name and info().maxsize is not None:
                    value.cache_clear()
                owner = getattr(value, "__self__", None)  # a line cache's __getitem__ (bot/text/linecache.py)
                if type(owner).__name__ == "LineCache":
                    owner.clear()


def cpu_per_file(texts: list[str], whole: bool, forget: Callable[[], None] = _forget) -> float:
    """Return the CPU milliseconds per text of ``read_pasted`` (or of ``parse_retrieved`` when ``whole``).

    ``bench.parse_cpu`` times with it too, with its own ``forget``. Imports only what every checkout has.
    """
    from bot.ingest.formats import parse_retrieved
    from bot.models import Retrieved
    from bot.text.pasted import read_pasted

    items = [
        Retrieved(data=t.encode("utf-8"), name=f"{i}.txt", location=f"{i}.txt", modified=NOW)
        for i, t in enumerate(texts)
    ]
    forget()
    began = time.process_time()
    if whole:
        for item in items:
            parse_retrieved(item, now=NOW)
    else:
        for text in texts:
            read_pasted(text, reference=NOW)
    return (time.process_time() - began) * 1000 / len(texts)


def time_tree(inputs: Path, mode: str) -> str:
    """Return a line with the best CPU ms per file of ``read_pasted`` and of ``parse_retrieved``."""
    import bot
    from bot.text.pasted import read_pasted

    data = json.loads(inputs.read_text(encoding="utf-8"))
    read_pasted("Warm up\n\nThe first paragraph of a warm-up text, long enough to be read as prose.", reference=NOW)

    best = {"read_pasted": float("inf"), "parse_retrieved": float("inf")}
    for k in range(PASSES):
        first = data["real"] if mode == "real" else data["synthetic"][k]
        second = data["real"] if mode == "real" else data["synthetic"][PASSES + k]
        best["read_pasted"] = min(best["read_pasted"], cpu_per_file(first, whole=False))
        best["parse_retrieved"] = min(best["parse_retrieved"], cpu_per_file(second, whole=True))
    tree = Path(bot.__file__).resolve().parents[1]
    return f"{tree} {mode} " + " ".join(f"{k} {v:.3f} ms" for k, v in best.items())


# The stages of --count, in the order they run; "rest" and the sums are worked out from them.
STAGES = ("read_pasted", "key_points", "fingerprint", "parse_retrieved", "identity", "language")
COUNT_FILES = 100


def _stage_calls(texts: list[str]) -> list[tuple[str, Callable[[Any], list[Any]]]]:
    """Return each stage of the per-article path as a call on what an earlier stage made (skipping what is lacking).

    ``read_pasted`` takes the texts, ``key_points`` and ``fingerprint`` its readings, ``parse_retrieved`` the
    texts as drop files, ``identity`` and ``language`` its articles.
    """
    from bot.ingest.formats import parse_retrieved
    from bot.models import Retrieved
    from bot.text.identity import identify
    from bot.text.keypoints import key_points
    from bot.text.pasted import read_pasted
    from bot.text.similarity import fingerprint

    def parse(_: object) -> list[Any]:
        items = [
            Retrieved(data=t.encode(), name=f"{i}.txt", location=f"{i}.txt", modified=NOW) for i, t in enumerate(texts)
        ]
        return [article for item in items for article in parse_retrieved(item, now=NOW)]

    calls: list[tuple[str, Callable[[Any], list[Any]]]] = [
        ("read_pasted", lambda _: [read_pasted(text, reference=NOW) for text in texts]),
        ("key_points", lambda readings: [key_points(list(r.body), r.title, 3) for r in readings]),
        ("fingerprint", lambda readings: [fingerprint(r.title, "\n\n".join(r.body)) for r in readings]),
        ("parse_retrieved", parse),
        ("identity", lambda articles: [identify(a, source_keys=[f"file:{i}"]) for i, a in enumerate(articles)]),
    ]
    try:
        from bot.text.language import article_language
    except ImportError:  # a checkout from before the language guess
        return calls
    calls.append(("language", lambda articles: [article_language(a.language, a.title, a.text) for a in articles]))
    return calls


# What each stage is given: the texts, or what the named stage before it returned.
_GIVEN = {"key_points": "read_pasted", "fingerprint": "read_pasted", "identity": "parse_retrieved"}
_GIVEN["language"] = "parse_retrieved"


def _run_stages(texts: list[str], measured: bool, mode: str = "") -> None:
    """Run every stage over ``texts``, each with the caches emptied; inside ``operator.call`` when ``measured``."""
    made: dict[str, list[Any]] = {}
    for name, call in _stage_calls(texts):
        given = made.get(_GIVEN.get(name, ""), [])
        _forget()
        if measured:
            made[name] = operator.call(call, given)
            print(f"stage {mode} {name} {len(texts)}", flush=True)
        else:
            made[name] = call(given)


def count_stages(inputs: Path, files: int) -> None:
    """Run each stage once per input set inside ``operator.call`` (callgrind dumps each); print their names."""
    data = json.loads(inputs.read_text(encoding="utf-8"))
    sets = (("syn", data["synthetic"][0][:files]), ("real", data["real"][:files]))
    # Every stage once, unmeasured, first: what a module builds at its first use (a table, a pattern) is no
    # article's cost, and what is remembered beyond the bounded caches (the key points' stems) is as warm for every
    # stage (without it, the key points' stage would learn the stems the whole parser's stage then finds).
    for _, texts in sets:
        _run_stages(texts, measured=False)
    for mode, texts in sets:
        _run_stages(texts, measured=True, mode=mode)


def _dump_total(path: Path) -> int:
    """Return the instructions a callgrind dump counted (its ``totals:`` or ``summary:`` line)."""
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        if line.startswith(("totals:", "summary:")):
            return int(line.split()[1])
    raise ValueError(f"no total in {path}")


def count_tree(inputs: Path, tree: Path, files: int) -> dict[tuple[str, str], float]:
    """Run ``count_stages`` for the checkout ``tree`` under callgrind; return instructions per file by stage."""
    with tempfile.TemporaryDirectory(prefix="cg-ab-") as tmp:
        out = Path(tmp) / "cg.out"
        env = dict(os.environ, PYTHONPATH=str(tree), PYTHONHASHSEED="0")
        command = [
            "valgrind",
            "--tool=callgrind",
            f"--callgrind-out-file={out}",
            "--zero-before=_operator_call",
            "--dump-after=_operator_call",
            "--dump-instr=no",
            "--collect-jumps=no",
            sys.executable,
            str(Path(__file__).resolve()),
            str(inputs.resolve()),
            "stages",
            str(files),
        ]
        done = subprocess.run(command, cwd=tmp, env=env, capture_output=True, text=True, check=True)
        stages = [line.split() for line in done.stdout.splitlines() if line.startswith("stage ")]
        dumps = sorted(Path(tmp).glob("cg.out.*"), key=lambda p: int(p.name.rsplit(".", 1)[1]))
        if len(dumps) != len(stages):
            raise RuntimeError(f"{len(dumps)} dumps for {len(stages)} stages:\n{done.stderr[-2000:]}")
        counts = {
            (mode, name): _dump_total(dump) / int(n) for (_, mode, name, n), dump in zip(stages, dumps, strict=True)
        }
    for mode in ("syn", "real"):
        whole = counts[(mode, "parse_retrieved")]
        counts[(mode, "rest")] = whole - counts[(mode, "read_pasted")] - counts[(mode, "key_points")]
        counts[(mode, "records")] = counts[(mode, "identity")] + counts.get((mode, "language"), 0.0)
        counts[(mode, "client")] = whole + counts[(mode, "records")]
    return counts


def count_trees(inputs: Path, trees: list[Path], files: int) -> str:
    """Return a table of thousands of instructions per file, stage by stage, one column per checkout."""
    results = [count_tree(inputs, tree, files) for tree in trees]
    rows = ("read_pasted", "key_points", "rest", "parse_retrieved", "fingerprint", "identity", "language")
    lines = ["input  stage            " + " ".join(f"{tree.name[-14:]:>14s}" for tree in trees)]
    for mode in ("syn", "real"):
        for row in (*rows, "records", "client"):
            shown = [f"{r[(mode, row)] / 1000:14.1f}" if (mode, row) in r else f"{'-':>14s}" for r in results]
            lines.append(f"{mode:6s} {row:16s} " + " ".join(shown))
    lines.append(f"(thousands of instructions per file; {files} synthetic files and {files} dataset copies;")
    lines.append(" fingerprint and identity are the records' parts (identity includes the fingerprint); client =")
    lines.append(" parse_retrieved + records)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) == 2 and args[0] == "--write":
        write_inputs(Path(args[1]))
        return 0
    if len(args) == 3 and args[1] == "stages":
        count_stages(Path(args[0]), int(args[2]))
        return 0
    if len(args) >= 3 and args[0] == "--count":
        files = COUNT_FILES
        rest = list(args[1:])
        if "--files" in rest:
            at = rest.index("--files")
            files = int(rest[at + 1])
            del rest[at : at + 2]
        print(count_trees(Path(rest[0]), [Path(tree) for tree in rest[1:]], files))
        return 0
    if len(args) == 2 and args[1] in ("syn", "real"):
        print(time_tree(Path(args[0]), args[1]))
        return 0
    print(
        "usage: parse_cpu_ab.py --write FILE | parse_cpu_ab.py FILE syn|real"
        " | parse_cpu_ab.py --count FILE DIR [DIR...] [--files N]",
        file=sys.stderr,
    )
    return 2


if __name__ == "__main__":
    sys.exit(main())
