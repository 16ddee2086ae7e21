"""Screen a change of the pasted body reader out of fold in seconds, on fold models fitted once and kept.

``quality_lines --cv --seed K`` refits the headline model's fold models (and the copy-level decisions) on every run:
~40 minutes of wall time on the shared machine. A change that touches nothing a headline feature reads (the body
loop, ``bot/text/clean.py``'s body rules, ``tail.py``) is read exactly by the same fold models, so they can be fitted
once per seed and kept, and any tree's ``bot`` can read every copy with them (~20 s). The figures are then those of
``quality_lines --cv --seed K`` on that tree, provided every title and ``first_kept`` equal the base's (``compare``
says so; a change that moves a headline needs the refit).

    python -m bench.body_screen fit --seed K [--data DIR] [--cache DIR]          # once per seed (the slow part)
    python -m bench.body_screen read --seed K --tree PATH --out F.json [--cache DIR] [--data DIR]
    python -m bench.body_screen compare BASE.json NEW.json [--show]               # tune copies listed, check counted

``read`` runs in a child process whose ``bot`` is the one under PATH (a worktree or a ``git archive`` of a
commit), so two trees are read by the same models. ``compare`` prints body F1 by copy set and half (the
project's rule, ``bench.metrics.corpus_f1``), then per set and half how many bodies changed and how many went up
or down; the changed copies of tune sites are listed (``--show``: with the lines removed and added), check copies
only counted, never printed. Needs ``.[train]`` for ``fit``.
"""

from __future__ import annotations

import argparse
import json
import pickle
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.metrics import corpus_f1, page_scores

ROOT = Path(__file__).resolve().parents[1]
CACHE = Path(tempfile.gettempdir()) / "newsdigest-fold-models"
HALVES = ("tune", "check", "all")

# Run in the child of ``read``: the tree's own ``bot`` reads every copy with the kept models.
_READER = """
import json, pickle, sys
tree, models_file, data, out = sys.argv[1:5]
sys.path.insert(0, tree)
from pathlib import Path
from bot.text.linemodel import LineModel
from bench.pagesets import load
from bench.quality_lines import measure
kept = pickle.loads(Path(models_file).read_bytes())
models = {fold: LineModel(doc) for fold, doc in kept["lines"].items()}
pages = load(Path(data))
records = measure(pages, models, kept["starts"])
fold = {page.id: page.fold for page in pages}
for r in records:
    r["fold"] = fold[r["id"]]
    r.pop("ms")
Path(out).write_text(json.dumps(records), encoding="utf-8")
"""


def models_file(cache: Path, seed: int) -> Path:
    return cache / f"seed{seed}.pickle"


def fit(data: Path, cache: Path, seed: int) -> Path:
    """Fit the fold models of ``seed`` exactly as ``quality_lines --cv --seed K`` does, and keep them in ``cache``."""
    from bench import train_lines
    from bot.text.copystart import CopyModels
    from bot.text.linemodel import LineModel

    docs: dict[int, dict] = {}

    class _Kept(LineModel):  # the same model; only its document is remembered, to be written out
        def __init__(self, doc: dict) -> None:
            super().__init__(doc)
            self.doc = doc

    saved = train_lines.LineModel
    train_lines.LineModel = _Kept  # type: ignore[misc]
    train_lines.SEED = seed
    try:
        starts: dict[int, CopyModels] = {}
        models = train_lines.fold_models(data, starts)
    finally:
        train_lines.LineModel = saved  # type: ignore[misc]
    for fold, model in models.items():
        docs[fold] = model.doc  # type: ignore[attr-defined]
    cache.mkdir(parents=True, exist_ok=True)
    path = models_file(cache, seed)
    path.write_bytes(pickle.dumps({"seed": seed, "lines": docs, "starts": starts}))
    return path


def read(tree: Path, data: Path, cache: Path, seed: int, out: Path) -> None:
    """Read every copy with the kept models of ``seed`` and the ``bot`` under ``tree``; write the records to ``out``."""
    path = models_file(cache, seed)
    if not path.exists():
        raise SystemExit(f"no kept models for seed {seed} under {cache}: run `python -m bench.body_screen fit` first")
    args = [sys.executable, "-c", _READER, str(tree.resolve()), str(path), str(data), str(out)]
    subprocess.run(args, check=True, cwd=tree)


def scores(records: list[dict]) -> dict[tuple[str, str], float]:
    """Return the body F1 (the project's rule) per (copy set, half), "all" for both halves."""
    out = {}
    for name in dict.fromkeys(r["set"] for r in records):
        for half in HALVES:
            sel = [r for r in records if r["set"] == name and r["truth"] and (half == "all" or r["half"] == half)]
            out[(name, half)] = corpus_f1((r["body"], r["truth"]) for r in sel)[2]
    return out


def changes(base: list[dict], new: list[dict]) -> dict[tuple[str, str], list[float]]:
    """Return, per (copy set, half), the page F1 change of every copy whose body differs."""
    out: dict[tuple[str, str], list[float]] = {}
    for a, b in zip(base, new, strict=True):
        if (a["id"], a["set"]) != (b["id"], b["set"]):
            raise SystemExit("the two record files do not list the same copies in the same order")
        if a["body"] != b["body"] and a["truth"]:
            change = page_scores(b["body"], b["truth"])[0] - page_scores(a["body"], a["truth"])[0]
            out.setdefault((a["set"], a["half"]), []).append(change)
    return out


def headlines_equal(base: list[dict], new: list[dict]) -> bool:
    """Tell whether every title and first-paragraph decision is the base's (else the models saw other rows)."""
    return all(a["title"] == b["title"] and a["first_kept"] == b["first_kept"] for a, b in zip(base, new, strict=True))


def compare(base: list[dict], new: list[dict], show: bool) -> None:
    before, after = scores(base), scores(new)
    print("| set | half | base | new | change |")
    print("|---|---|---:|---:|---:|")
    for key, value in before.items():
        print(f"| {key[0]} | {key[1]} | {value:.4f} | {after[key]:.4f} | {after[key] - value:+.4f} |")
    for (name, half), moved in sorted(changes(base, new).items()):
        up, down = sum(m > 0 for m in moved), sum(m < 0 for m in moved)
        print(f"{name} {half}: {len(moved)} bodies changed, {up} up, {down} down, sum {sum(moved):+.4f} page F1")
    print("every title and first_kept equal:", headlines_equal(base, new))
    for a, b in zip(base, new, strict=True):
        if a["half"] != "tune" or a["body"] == b["body"] or not a["truth"]:
            continue  # check copies are counted above, never printed
        was, now = page_scores(a["body"], a["truth"])[0], page_scores(b["body"], b["truth"])[0]
        print(f"{a['set']} {a['id']}: {was:.3f} -> {now:.3f}")
        if show:
            old, mine = a["body"].split("\n"), b["body"].split("\n")
            print("".join(f"    - {line[:130]}\n" for line in old if line not in mine), end="")
            print("".join(f"    + {line[:130]}\n" for line in mine if line not in old), end="")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("fit", "read"):
        one = sub.add_parser(name)
        one.add_argument("--seed", type=int, default=0)
        one.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "datasets")
        one.add_argument("--cache", type=Path, default=CACHE)
        if name == "read":
            one.add_argument("--tree", type=Path, default=ROOT, help="the checkout whose bot reads the copies")
            one.add_argument("--out", type=Path, required=True)
    both = sub.add_parser("compare")
    both.add_argument("base", type=Path)
    both.add_argument("new", type=Path)
    both.add_argument("--show", action="store_true", help="also the lines removed and added on tune copies")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    if args.command == "fit":
        print(f"kept {fit(args.data, args.cache, args.seed)} ({time.perf_counter() - began:.0f} s)")
    elif args.command == "read":
        read(args.tree, args.data, args.cache, args.seed, args.out)
        print(f"wrote {args.out} ({time.perf_counter() - began:.0f} s)")
    else:
        load = lambda path: json.loads(path.read_text(encoding="utf-8"))  # noqa: E731
        compare(load(args.base), load(args.new), args.show)
    return 0


if __name__ == "__main__":
    sys.exit(main())
