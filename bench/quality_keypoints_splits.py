"""Key points against Lead-3 on many random halves of cnndm-dev: does the margin hold off the half it was tuned on?

One fixed split (``bench.metrics.halves``) is a sample of one. Here every article is scored once per system,
and the margin over Lead-3 (R-1 and R-Lsum F1 x 100, ``bench.quality_keypoints.score``) is read on ``--splits``
random 2-fold splits (each split: the articles ranked by sha1 of ``salt:id``, first half / second half; salt = the
split's number), beside a bootstrap 95 % interval of the all-articles margin (articles resampled with replacement).

``--constants`` also asks of each tuned constant of :class:`bot.text.keypoints.Weights`: is it worth having? For
each split and each direction, the value with the best mean R-1 + R-Lsum on one half is picked from a small grid
(its "off" value included) and measured on the other half, against the constant switched off. A constant whose
gain is real shows it on the half it was *not* chosen on; one fitted to noise shows it only where it was chosen.

``--dump FILE`` writes every article's scores (Lead-3 and key points) as JSON; ``--against FILE`` reads such a
file made by another tree of code (e.g. main from ``git archive``) and reads the change in key points the same
way, split by split: a change is worth keeping when it gains on the mean over splits and on most halves.

    python -m bench.quality_keypoints_splits [--splits 50] [--constants] [--dump F] [--against F] [--data D]
"""

from __future__ import annotations

import argparse
import dataclasses
import hashlib
import json
import random
import statistics
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.metrics import halves
from bench.quality_keypoints import DEFAULT_DATA, _scorer, lead3, load, score
from bot.text.keypoints import DEFAULT, Weights, rank

COUNT = 3
Scores = dict[str, tuple[float, float]]  # id -> (R-1, R-Lsum)
System = Callable[[str], list[str]]

# Each constant: the grid it is chosen from, its first value being "off" (the rule switched off).
GRID: dict[str, tuple[Any, ...]] = {
    "position": (0.0, 0.5, 1.0, 1.5, 2.0),
    "decay": (0.0, 0.15, 0.3, 0.6, 1.2),
    "flat": (1, 2, 3, 4, 5),
    "centrality": (0.0, 0.3, 0.6, 0.9, 1.2),
    "length": (0.0, 0.2, 0.4, 0.6, 0.8),
    "ideal_words": (12, 8, 16, 20, 25),
    "quote": (0.0, 0.1, 0.2, 0.4),
    "unfinished": (0.0, 0.1, 0.2, 0.4),
    "redundancy": (0.0, 0.3, 0.6, 1.0),
    "window": (3, 5, 8, 12, 20),
    "trim_tails": (False, True),
    "photo_parens": (False, True),
    "connectives": (False, True),
    "labels": (False, True),
}


def weighted(weights: Weights) -> System:
    """The key points of one article given as one string, with ``weights``."""
    return lambda text: rank([text], None, COUNT, weights)


def scores_of(system: System, records: list[dict[str, Any]], scorer: Any) -> Scores:
    """Score ``system`` on every record: R-1 and R-Lsum F1 x 100."""
    out: Scores = {}
    for rec in records:
        r1, _, rl = score(scorer, system(rec["article"]), rec["highlights"])
        out[rec["id"]] = (r1, rl)
    return out


def random_halves(ids: Sequence[str], salt: int) -> tuple[list[str], list[str]]:
    """Split ``ids`` in two by sha1 of ``salt:id`` (the first half gets the odd one)."""
    ordered = sorted(ids, key=lambda i: hashlib.sha1(f"{salt}:{i}".encode(), usedforsecurity=False).hexdigest())
    cut = (len(ordered) + 1) // 2
    return ordered[:cut], ordered[cut:]


def margin(a: Scores, b: Scores, ids: Sequence[str], metric: int) -> float:
    """Mean of a - b over ``ids`` on one metric (0: R-1, 1: R-Lsum)."""
    return sum(a[i][metric] - b[i][metric] for i in ids) / len(ids)


def bootstrap(a: Scores, b: Scores, ids: Sequence[str], metric: int, n: int = 2000) -> tuple[float, float]:
    """95 % percentile interval of the mean of a - b over ``ids``, articles resampled with replacement."""
    rng = random.Random(12)
    diffs = [a[i][metric] - b[i][metric] for i in ids]
    means = sorted(sum(rng.choices(diffs, k=len(diffs))) / len(diffs) for _ in range(n))
    return means[int(0.025 * n)], means[int(0.975 * n) - 1]


def split_summary(a: Scores, b: Scores, ids: Sequence[str], splits: int) -> dict[str, Any]:
    """Margin of ``a`` over ``b`` on every half of ``splits`` random splits, and on all articles."""
    row: dict[str, Any] = {}
    for metric, name in ((0, "R1"), (1, "RLsum")):
        per_half = [margin(a, b, half, metric) for s in range(splits) for half in random_halves(ids, s)]
        low, high = bootstrap(a, b, ids, metric)
        row[name] = {
            "all": round(margin(a, b, ids, metric), 2),
            "halves_mean": round(statistics.fmean(per_half), 2),
            "halves_sd": round(statistics.stdev(per_half), 2),
            "halves_min": round(min(per_half), 2),
            "halves_below_1": sum(1 for m in per_half if m < 1.0),
            "bootstrap95": (round(low, 2), round(high, 2)),
        }
    return row


def tuned_across(grid_scores: dict[Any, Scores], off: Any, ids: Sequence[str], splits: int) -> dict[str, Any]:
    """Pick a value on one half (best mean R-1 + R-Lsum), read its gain over ``off`` on that half and the other."""
    chosen_gain: list[float] = []
    other_gain: list[float] = []
    picks: dict[Any, int] = {}

    def both(scores: Scores, half: Sequence[str]) -> float:
        return sum(scores[i][0] + scores[i][1] for i in half) / len(half)

    for s in range(splits):
        first, second = random_halves(ids, s)
        for tune, check in ((first, second), (second, first)):
            best = max(grid_scores, key=lambda v: both(grid_scores[v], tune))
            picks[best] = picks.get(best, 0) + 1
            chosen_gain.append((both(grid_scores[best], tune) - both(grid_scores[off], tune)) / 2)
            other_gain.append((both(grid_scores[best], check) - both(grid_scores[off], check)) / 2)
    return {
        "gain_where_chosen": round(statistics.fmean(chosen_gain), 2),
        "gain_on_other_half": round(statistics.fmean(other_gain), 2),
        "other_half_below_0": sum(1 for g in other_gain if g < 0),
        "picks": picks,
    }


def constants(records: list[dict[str, Any]], scorer: Any, splits: int, base: Weights) -> list[dict[str, Any]]:
    """For each constant of ``base``: its gain where chosen and on the other half, and the default's gain."""
    ids = [r["id"] for r in records]
    tune, check = halves(ids)
    rows: list[dict[str, Any]] = []
    for name, values in GRID.items():
        grid_scores = {v: scores_of(weighted(dataclasses.replace(base, **{name: v})), records, scorer) for v in values}
        default = grid_scores.get(getattr(base, name))
        off = grid_scores[values[0]]
        row: dict[str, Any] = {"constant": name, "default": getattr(base, name), "off": values[0]}
        if default is not None:
            # The default's gain over "off" (R-1 + R-Lsum halved) on the original tune and check halves and all.
            for label, half in (("tune", sorted(tune)), ("check", sorted(check)), ("all", ids)):
                row[f"default_{label}"] = round((margin(default, off, half, 0) + margin(default, off, half, 1)) / 2, 2)
        row.update(tuned_across(grid_scores, values[0], ids, splits))
        rows.append(row)
    return rows


# Where the whole tuning starts from: the lead window and position prior, every other rule switched off.
PLAIN = dataclasses.replace(
    DEFAULT,
    centrality=0.0,
    length=0.0,
    quote=0.0,
    unfinished=0.0,
    redundancy=0.0,
    trim_tails=False,
    photo_parens=False,
    connectives=False,
    labels=False,
)


def retuned(
    records: list[dict[str, Any]],
    scorer: Any,
    splits: int,
    start: Weights,
    names: Sequence[str] = tuple(GRID),
    passes: int = 2,
) -> dict[str, Any]:
    """The whole tuning redone on each half: coordinate ascent over GRID from ``start``, read on both halves.

    Returns the mean margin over Lead-3 (R-1, R-Lsum) where the constants were chosen and on the other half,
    beside the defaults' margin on the same halves: the gap between the first two is what choosing on half
    of cnndm-dev adds to a figure measured where it was chosen.
    """
    ids = [r["id"] for r in records]
    lead = scores_of(lead3, records, scorer)
    cache: dict[Weights, Scores] = {}

    def of(weights: Weights) -> Scores:
        if weights not in cache:
            cache[weights] = scores_of(weighted(weights), records, scorer)
        return cache[weights]

    def fit(half: Sequence[str]) -> Weights:
        best = start
        for _ in range(passes):
            for name in names:
                options = [dataclasses.replace(best, **{name: v}) for v in GRID[name]]
                best = max(options, key=lambda w: margin(of(w), lead, half, 0) + margin(of(w), lead, half, 1))
        return best

    rows: dict[str, list[float]] = {"chosen_R1": [], "chosen_RLsum": [], "other_R1": [], "other_RLsum": []}
    rows.update({"default_other_R1": [], "default_other_RLsum": []})
    default = of(DEFAULT)
    for s in range(splits):
        for tune, check in (random_halves(ids, s), random_halves(ids, s)[::-1]):
            fitted = of(fit(tune))
            for metric, name in ((0, "R1"), (1, "RLsum")):
                rows[f"chosen_{name}"].append(margin(fitted, lead, tune, metric))
                rows[f"other_{name}"].append(margin(fitted, lead, check, metric))
                rows[f"default_other_{name}"].append(margin(default, lead, check, metric))
    out: dict[str, Any] = {k: round(statistics.fmean(v), 2) for k, v in rows.items()}
    out["configurations_scored"] = len(cache)
    return out


def _read_dump(path: Path, ids: Sequence[str]) -> Scores | str:
    """Read the key points' scores a ``--dump`` wrote, or say in one line why they cannot be used."""
    try:
        saved = json.loads(path.read_text(encoding="utf-8"))["keypoints"]
        scores = {str(k): (float(v[0]), float(v[1])) for k, v in saved.items()}
    except (OSError, ValueError, KeyError, TypeError, IndexError) as exc:
        return f"--against {path}: not a --dump file ({type(exc).__name__}: {exc})"
    if missing := [i for i in ids if i not in scores]:
        return f"--against {path}: no scores for {len(missing)} of {len(ids)} articles (dumped from other data?)"
    return scores


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--splits", type=int, default=50)
    parser.add_argument("--constants", action="store_true", help="also read each tuned constant across splits")
    parser.add_argument("--retune", type=int, default=0, help="redo the whole tuning on N splits' halves")
    parser.add_argument("--start", choices=("default", "plain"), default="default", help="where --retune starts")
    parser.add_argument("--only", help="--retune only these constants (comma-separated names of the grid)")
    parser.add_argument("--dump", type=Path, help="write every article's scores here (JSON)")
    parser.add_argument("--against", type=Path, help="compare with the scores another tree dumped")
    args = parser.parse_args(argv)
    names = args.only.split(",") if args.only else list(GRID)
    if unknown := [n for n in names if n not in GRID]:
        parser.error(f"--only: unknown constant(s) {', '.join(unknown)}; known: {', '.join(GRID)}")
    if not (args.data / "cnndm-dev.jsonl").is_file():
        print(f"skipped: {args.data / 'cnndm-dev.jsonl'} not found (pass --data)", file=sys.stderr)
        return 0
    try:
        scorer = _scorer()
    except ImportError:
        print("skipped: rouge-score is not installed (pip install -e '.[bench]')", file=sys.stderr)
        return 0
    records = load(args.data)
    ids = [r["id"] for r in records]
    before = _read_dump(args.against, ids) if args.against is not None else None
    if isinstance(before, str):
        parser.error(before)
    lead = scores_of(lead3, records, scorer)
    ours = scores_of(weighted(DEFAULT), records, scorer)
    print("key points - Lead-3 over", len(ids), "articles,", args.splits, "random splits:")
    for metric, values in split_summary(ours, lead, ids, args.splits).items():
        print(f"  {metric}: {values}")
    if args.dump is not None:
        args.dump.write_text(json.dumps({"lead3": lead, "keypoints": ours}, indent=0), encoding="utf-8")
    if before is not None:
        changed = sum(1 for i in ids if before[i] != ours[i])
        print(f"key points - those of {args.against} ({changed} articles score differently):")
        for metric, values in split_summary(ours, before, ids, args.splits).items():
            print(f"  {metric}: {values}")
    starts = {"default": DEFAULT, "plain": PLAIN}
    if args.retune:
        result = retuned(records, scorer, args.retune, starts[args.start], names)
        print("the whole tuning redone on one half, read on the other:", result)
    if args.constants:
        for row in constants(records, scorer, args.splits, DEFAULT):
            print(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
