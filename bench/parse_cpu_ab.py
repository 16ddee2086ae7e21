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
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

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


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) == 2 and args[0] == "--write":
        write_inputs(Path(args[1]))
        return 0
    if len(args) == 2 and args[1] in ("syn", "real"):
        print(time_tree(Path(args[0]), args[1]))
        return 0
    print("usage: parse_cpu_ab.py --write FILE | parse_cpu_ab.py FILE syn|real", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
