"""Where the body F1 of pasted copies is lost, by kind, out of fold (site folds: tune 0-2, check 3-4).

Every copy of ``bench.quality_lines`` is read with the headline model fitted without its site's fold. Each
paragraph of the predicted body is matched to the ground truth by the share of its 4-shingles the truth holds
(half or more: kept rightly), and each paragraph of the truth to the prediction the same way. What is left is
sorted by where it sits: ``extra@start`` (kept before the first right paragraph: a standfirst, a caption, a
menu), ``extra@inside`` (between right paragraphs: captions, related links, share buttons), ``extra@tail``
(after the last right one: bios, related lists, comment boxes), and ``lost@start`` / ``lost@inside`` /
``lost@tail`` for the truth's paragraphs the body misses. Each kind's figure is the body F1 gained if that kind
alone were fixed on every page (an upper bound: the oracle removes or adds exactly those paragraphs).

Two further rows split the losses that are not the body reader's own:
- ``start``: truth paragraphs lost at the start that are the chosen headline or sit above where the body-start
  rule puts the body (``bot.text.pasted.header_layout``), the gain if they were kept;
- ``cjk``: body F1 on pages whose truth is mostly CJK/Thai/Burmese script, by the benchmark's tokens
  (``\\w+``: a run of such script between spaces or punctuation is one token) and with one token per character,
  to tell the metric's tokenisation apart from extraction.

    python -m bench.body_losses [--data ../shared/datasets] [--pages N]   # needs .[train]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from bench import metrics
from bench.metrics import benchmark_f1, corpus_f1, page_scores, shingles
from bench.pagesets import COPY_SETS, FOLDS, load
from bench.quality_lines import measure
from bench.train_lines import FROM_BODY
from bot.text.pasted import header_layout

ROOT = Path(__file__).resolve().parents[1]
KINDS = ("extra@start", "extra@inside", "extra@tail", "lost@start", "lost@inside", "lost@tail")
_MATCH = 0.5
_SCRIPT = "\u0e00-\u0e7f\u1000-\u109f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"
_WIDE = re.compile(f"[{_SCRIPT}]")
_CHAR_TOKENS = re.compile(f"[{_SCRIPT}]|[^\\W{_SCRIPT}]+")
_WIDE_SHARE = 0.2
HALVES = ("tune", "check")


def _cover(paragraph: str, other: dict[tuple[str, ...], int]) -> float | None:
    own = shingles(paragraph)
    if not own:
        return None  # under four tokens: no shingle to judge it by
    return sum(min(n, other.get(k, 0)) for k, n in own.items()) / sum(own.values())


def _misses(pred: list[str], truth: list[str], body: str, gold: str) -> dict[str, list[int]]:
    """Return, per kind, the indexes of the predicted (extra@) or truth (lost@) paragraphs of that kind."""
    out: dict[str, list[int]] = {}
    for prefix, mine, other in (("extra", pred, shingles(gold)), ("lost", truth, shingles(body))):
        cover = [_cover(p, other) for p in mine]
        right = [i for i, c in enumerate(cover) if c is not None and c >= _MATCH]
        for i, c in enumerate(cover):
            if c is None or c >= _MATCH:
                continue
            where = "start" if not right or i < right[0] else "tail" if i > right[-1] else "inside"
            out.setdefault(f"{prefix}@{where}", []).append(i)
    return out


def _fixed(kind: str, pred: list[str], truth: list[str], idx: list[int]) -> str:
    if kind.startswith("extra"):
        drop = set(idx)
        return "\n".join(p for i, p in enumerate(pred) if i not in drop)
    add = [truth[i] for i in idx]
    return "\n".join([*add, *pred] if kind == "lost@start" else [*pred, *add])


def _start_lost(record: dict, truth: list[str], idx: list[int]) -> list[str]:
    lines, _kinds, start = header_layout(record["copy"])
    above = {line.strip() for line in lines[:start]}
    return [truth[i] for i in idx if truth[i].strip() in above or truth[i].strip() == record["title"].strip()]


def breakdown(records: Iterable[dict]) -> dict[str, float | int]:
    """Return the body F1, each kind's oracle gain and page count, and the start rule's share."""
    sel = [r for r in records if r["truth"]]
    pairs = [(r["body"], r["truth"]) for r in sel]
    base = corpus_f1(pairs)[2]
    found = []
    for r in sel:
        pred = [p for p in r["body"].split("\n") if p.strip()]
        truth = [p for p in r["truth"].split("\n") if p.strip()]
        found.append((r, pred, truth, _misses(pred, truth, r["body"], r["truth"])))
    out: dict[str, float | int] = {"pages": len(sel), "body_f1": base}
    for kind in KINDS:
        fixed = [
            (_fixed(kind, pred, truth, miss[kind]) if kind in miss else r["body"], r["truth"])
            for r, pred, truth, miss in found
        ]
        out[kind] = corpus_f1(fixed)[2] - base
        out[f"{kind} pages"] = sum(kind in miss for *_, miss in found)
    started = [
        ("\n".join([*_start_lost(r, truth, miss.get("lost@start", [])), r["body"]]), r["truth"])
        for r, _pred, truth, miss in found
    ]
    out["start"] = corpus_f1(started)[2] - base
    wide = [r for r in sel if len(_WIDE.findall(r["truth"])) > _WIDE_SHARE * len(r["truth"].replace(" ", ""))]
    out["cjk pages"] = len(wide)
    out["cjk f1"] = corpus_f1((r["body"], r["truth"]) for r in wide)[2]
    out["cjk f1, char tokens"] = _with_tokens(_CHAR_TOKENS, lambda: corpus_f1((r["body"], r["truth"]) for r in wide)[2])
    out["all f1, char tokens"] = _with_tokens(_CHAR_TOKENS, lambda: corpus_f1(pairs)[2])
    return out


def _with_tokens(pattern: re.Pattern[str], score: Callable[[], float]) -> float:
    saved = metrics._TOKEN
    metrics._TOKEN = pattern
    try:
        return score()
    finally:
        metrics._TOKEN = saved


def worst(records: Iterable[dict], n: int) -> list[tuple[float, dict]]:
    """Return the ``n`` copies with the lowest page F1 (precision and recall are equal by the metric's rule)."""
    scored = [(page_scores(r["body"], r["truth"])[0], r) for r in records if r["truth"]]
    return sorted(scored, key=lambda x: x[0])[:n]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "datasets")
    parser.add_argument("--pages", type=int, default=0, help="also list the N worst copies of each set")
    parser.add_argument("--folds", action="store_true", help="also print body F1 by site fold")
    args = parser.parse_args(argv)
    pages = load(args.data)
    if not pages:
        print(f"skipped: no labelled pages under {args.data} (pass --data)")
        return 0
    from bench.train_lines import fold_models

    records = measure(pages, fold_models(args.data))
    fold = {page.id: page.fold for page in pages}
    for r in records:
        r["fold"] = fold[r["id"]]
    cols = ("body_f1", *KINDS, "start", "cjk f1", "cjk f1, char tokens", "all f1, char tokens")
    print("| set | half | pages | " + " | ".join(cols) + " | cjk pages |")
    print("|---|---|---:|" + "---:|" * (len(cols) + 1))
    for name in (*COPY_SETS, FROM_BODY):
        for half in ("tune", "check"):
            got = breakdown(r for r in records if r["set"] == name and r["half"] == half)
            cells = [f"{got['body_f1']:.4f}"]
            cells += [f"+{got[k]:.4f} ({got[f'{k} pages']})" for k in KINDS]
            cells += [f"+{got['start']:.4f}", *(f"{got[k]:.4f}" for k in cols[-3:])]
            print(f"| {name} | {half} | {got['pages']} | " + " | ".join(cells) + f" | {got['cjk pages']} |")
    if args.folds:
        # In brackets: the same outputs by the benchmark's own evaluate.py formula (bench.metrics.benchmark_f1).
        print("| set | " + " | ".join(f"fold {k}" for k in range(FOLDS)) + " | tune | check |")
        print("|---|" + "---:|" * (FOLDS + 2))
        for name in (*COPY_SETS, FROM_BODY):
            cells = []
            groups = [[r for r in records if r["set"] == name and r["fold"] == k and r["truth"]] for k in range(FOLDS)]
            groups += [[r for r in records if r["set"] == name and r["half"] == h and r["truth"]] for h in HALVES]
            for sel in groups:
                pairs = [(r["body"], r["truth"]) for r in sel]
                cells.append(f"{corpus_f1(pairs)[2]:.4f} ({benchmark_f1(pairs)[2]:.4f}) of {len(sel)}")
            print(f"| {name} | " + " | ".join(cells) + " |")
    for name in (*COPY_SETS, FROM_BODY) if args.pages else ():
        for score, r in worst((r for r in records if r["set"] == name), args.pages):
            print(f"{name} {r['half']} {r['id']}: page F1 {score:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
