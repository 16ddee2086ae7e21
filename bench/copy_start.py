"""Copy-level decisions stacked on the headline model's out-of-fold scores (sixth round's trials; eighth ships one).

The line model scores each candidate line on its own. On copies taken from the headline the copy's first line
alone is right 0.984 of the time, against the model's 0.946; on wider copies the first line is right ~0.03. This
script asks whether a second, copy-level model can tell the two kinds of copy apart, and decide from the copy's
shape where the line model alone cannot. Three decisions are tried, each a scikit-learn classifier over the
line model's scores and the candidates' own feature rows (``bot.text.linefeatures``):

- ``start``: "does this copy start at its headline?" When the model picks a line under the copy's first line and
  the classifier says yes, the first line is taken instead.
- ``pair``: the model's two best lines compared (ranking): the second is taken when the classifier prefers it.
- ``take``: "is the model's best line the headline, or is there none?", in place of the fixed threshold.
- ``guarded`` (eighth round, shipped as ``bot/text/copystart.py``): ``start`` over the rows the reader scores, and
  only where the first line shares more of its words with the article's lead than the pick does
  (``copystart.more_about_the_lead``); ``guarded-pair``: ``pair`` over those rows, and only where the second line
  is more about the lead than the best. ``--write`` fits both for the shipped line model (``bot/text/copystart.json``).

Honest stacking, grouped by site: a copy of fold f is read by the line model fitted without fold f (the outer
scores), and the second model that decides for it is fitted on the other folds' copies as scored by line models
fitted without fold f and without their own fold (the inner scores; 20 extra fits per seed). Figures are the
trainer's view (``bench.train_lines.hits``: no decoding step, no reader around the model), per copy set and half
(tune = folds 0-2, check = folds 3-4), mean over seeds, against the line model alone in the same fits.

    pip install -e '.[train]'
    python -m bench.copy_start [--seeds 0 1 2] [--kinds guarded start pair take] [--data ../shared/datasets]
    python -m bench.copy_start --write      # refit bot/text/copystart.json for the shipped line model
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench import train_lines
from bench.pagesets import FOLDS
from bench.train_lines import FROM_BODY, Copy
from bot.text import copystart
from bot.text.linefeatures import FEATURES

ROOT = Path(__file__).resolve().parents[1]
SCORED = ("copypaste", "copypaste-wide", FROM_BODY)
TUNE_FOLDS = frozenset({0, 1, 2})
_FIRST = FEATURES.index("first")
_NONE = -5.0  # the score given to a line that is not there (the trials' rows)

Scores = list[float]


@dataclass
class Stacked:
    """Each copy's candidate scores: by the model fitted without its fold, and without its fold and fold f."""

    outer: dict[int, Scores]
    inner: dict[tuple[int, int], Scores]


def stacked_scores(items: list[Copy], size: tuple[int, int, int], models: dict[int, Any] | None = None) -> Stacked:
    """Fit the line model 5 + 20 times (outer folds, and every pair of folds left out) and score the held copies.

    With ``models``, the outer fits (each without its fold) are kept there by fold.
    """
    outer: dict[int, Scores] = {}
    inner: dict[tuple[int, int], Scores] = {}

    def score(train: list[Copy], held: list[int], put: Callable[[int, Scores], None]) -> Any:
        model = train_lines.fit(train, size)
        for k in held:
            put(k, [float(v) for v in model.decision_function(items[k].rows)])
        return model

    for f in range(FOLDS):
        held = [k for k, cp in enumerate(items) if cp.fold == f and cp.rows]
        model = score([cp for cp in items if cp.fold != f], held, outer.__setitem__)
        if models is not None:
            models[f] = model
        for g in range(FOLDS):
            if g != f:
                held = [k for k, cp in enumerate(items) if cp.fold == g and cp.rows]
                train = [cp for cp in items if cp.fold not in (f, g)]
                score(train, held, lambda k, s, f=f: inner.__setitem__((f, k), s))  # type: ignore[misc]
    return Stacked(outer, inner)


def _order(scores: Scores) -> list[int]:
    return sorted(range(len(scores)), key=lambda j: -scores[j])


def _pick(cp: Copy | None, scores: Scores, threshold: float) -> int | None:
    best = _order(scores)[0]
    return best if scores[best] >= threshold else None


def _live(cp: Copy) -> list[int]:
    """The rows the reader scores (``Copy.live``)."""
    return [j for j in range(len(cp.rows)) if cp.live is None or cp.live[j]]


def start_row(cp: Copy, scores: Scores, threshold: float) -> list[float] | None:
    """The copy's first line against the model's pick, over the rows the reader scores (``copystart.start_row``)."""
    keep = _live(cp)
    if not keep or keep[0] != 0 or cp.rows[0][_FIRST] != 1.0:
        return None  # the first line is no candidate: nothing to decide
    return copystart.start_row([scores[j] for j in keep], cp.rows[0], threshold, len(cp.rows))


def live_pick(cp: Copy, scores: Scores, threshold: float) -> int | None:
    """The row the reader takes from the line model alone (None: no headline line)."""
    keep = _live(cp)
    if not keep:
        return None
    best = max(reversed(keep), key=lambda j: scores[j])  # on a tie the later line, as ``max`` over (score, i)
    return best if scores[best] >= threshold else None


def lead_guard(cp: Copy, pick: int) -> bool:
    """The second test of ``copystart.first_instead``: the first line is about the lead under the pick."""
    assert cp.layout is not None
    assert cp.at is not None
    lines, kinds, start = cp.layout
    return copystart.more_about_the_lead(lines, kinds, start, cp.at[pick], 0)


def pair_row(cp: Copy, scores: Scores) -> list[float] | None:
    """The model's best line against its second: score gap, order, and both rows' features and their difference."""
    if len(scores) < 2:
        return None
    a, b = _order(scores)[:2]
    ra, rb = cp.rows[a], cp.rows[b]
    head = [scores[a] - scores[b], scores[a], scores[b], float(b < a), (b - a) / 12]
    return head + [x - y for x, y in zip(ra, rb, strict=True)] + ra + rb


def live_pair(cp: Copy, scores: Scores) -> tuple[int, int, list[float]] | None:
    """The reader's two best rows (best, second) and their pair row (``copystart.pair_row``)."""
    keep = sorted(_live(cp), key=lambda j: (-scores[j], -j))  # on a tie the later line first, as the reader
    if len(keep) < 2:
        return None
    a, b = keep[:2]
    assert cp.at is not None
    row = copystart.pair_row((cp.at[a], scores[a], cp.rows[a]), (cp.at[b], scores[b], cp.rows[b]))
    return a, b, row


def pair_guard(cp: Copy, a: int, b: int) -> bool:
    """The second line is more about the lead than the best (``copystart.more_about_the_lead``)."""
    assert cp.layout is not None
    assert cp.at is not None
    lines, kinds, start = cp.layout
    return copystart.more_about_the_lead(lines, kinds, start, cp.at[a], cp.at[b], copystart._PAIR_LEAST)


def take_row(cp: Copy, scores: Scores) -> list[float]:
    """The model's best line: its score, its lead over the second, and its features."""
    order = _order(scores)
    second = scores[order[1]] if len(order) > 1 else _NONE
    best = order[0]
    return [scores[best], scores[best] - second, len(scores), float(best == 0), *cp.rows[best]]


def _right(cp: Copy, choice: int | None) -> bool:
    if cp.set == FROM_BODY:
        return choice is None
    return choice is not None and cp.gold[choice]


def _training(
    kind: str, items: list[Copy], st: Stacked, f: int, threshold: float
) -> tuple[list[list[float]], list[bool]]:
    x: list[list[float]] = []
    y: list[bool] = []
    for k, cp in enumerate(items):
        scores = st.inner.get((f, k))
        if scores is None or cp.preempted:
            continue
        if kind in ("start", "guarded"):
            row = start_row(cp, scores, threshold)
            # Where the decision matters: the model takes another line, or none.
            if row is not None and live_pick(cp, scores, threshold) != 0:
                x.append(row)
                y.append(cp.gold[0])
        elif kind == "guarded-pair" and cp.set != FROM_BODY:
            found = live_pair(cp, scores)
            if found is not None and cp.gold[found[0]] != cp.gold[found[1]]:
                x.append(found[2])
                y.append(cp.gold[found[1]])
        elif kind == "pair" and cp.set != FROM_BODY:
            row = pair_row(cp, scores)
            a, b = _order(scores)[:2] if row is not None else (0, 0)
            if row is not None and cp.gold[a] != cp.gold[b]:
                x.append(row)
                y.append(cp.gold[b])
        elif kind == "take" and (cp.set == FROM_BODY or any(cp.gold)):
            x.append(take_row(cp, scores))
            y.append(cp.set != FROM_BODY and cp.gold[_order(scores)[0]])
    return x, y


def decide(kind: str, clf: Any, cp: Copy, scores: Scores, threshold: float, cut: float) -> int | None:
    """Return the line taken after the copy-level decision (None: no headline line)."""
    base = _pick(cp, scores, threshold)
    if kind == "start":
        row = start_row(cp, scores, threshold)
        if base is not None and base != 0 and row is not None and clf.predict_proba([row])[0][1] >= cut:
            return 0
    elif kind == "guarded":  # what the reader does (``copystart.first_instead``)
        base = live_pick(cp, scores, threshold)
        row = start_row(cp, scores, threshold)
        if base not in (None, 0) and row is not None and clf.predict_proba([row])[0][1] >= cut and lead_guard(cp, base):
            return 0
    elif kind == "guarded-pair":
        base = live_pick(cp, scores, threshold)
        found = live_pair(cp, scores)
        if base is not None and found is not None and clf.predict_proba([found[2]])[0][1] >= cut:
            return found[1] if pair_guard(cp, found[0], found[1]) else base
    elif kind == "pair":
        row = pair_row(cp, scores)
        if base is not None and row is not None and clf.predict_proba([row])[0][1] >= cut:
            return _order(scores)[1]
    elif kind == "take":
        p = clf.predict_proba([take_row(cp, scores)])[0][1]
        if base is None and p >= cut:
            return _order(scores)[0]
        if base is not None and p < 1 - cut:
            return None
    return base


def evaluate(
    kind: str, maker: Callable[[], Any], items: list[Copy], st: Stacked, threshold: float, cut: float
) -> dict[int, tuple[bool, bool]]:
    """Return, per scored copy, (right by the line model alone, right after the decision)."""
    out = {}
    for f in range(FOLDS):
        x, y = _training(kind, items, st, f, threshold)
        clf = maker().fit(x, y) if len(set(y)) > 1 else None
        for k, cp in enumerate(items):
            if cp.fold != f or cp.set not in SCORED:
                continue
            if cp.preempted or not cp.rows:
                out[k] = (_right(cp, None), _right(cp, None))
                continue
            scores = st.outer[k]
            pick = live_pick if kind.startswith("guarded") else _pick
            after = decide(kind, clf, cp, scores, threshold, cut) if clf is not None else pick(cp, scores, threshold)
            out[k] = (_right(cp, pick(cp, scores, threshold)), _right(cp, after))
    return out


def rates(
    items: list[Copy], runs: Sequence[dict[int, tuple[bool, bool]]]
) -> dict[tuple[str, str], tuple[float, float]]:
    """Mean over runs of (before, after) per copy set and half."""
    out = {}
    for name in SCORED:
        for half in ("tune", "check", "all"):
            before, after = [], []
            for run in runs:
                sel = [v for k, v in run.items() if items[k].set == name and _in(items[k].fold, half)]
                before.append(sum(b for b, _ in sel) / len(sel) if sel else 0.0)
                after.append(sum(a for _, a in sel) / len(sel) if sel else 0.0)
            out[name, half] = (statistics.mean(before), statistics.mean(after))
    return out


def _in(fold: int, half: str) -> bool:
    return half == "all" or (fold in TUNE_FOLDS) == (half == "tune")


# The shipped decisions (``bot/text/copystart.py``): logistic regression, C = 1, standardised, cut 0.5.
CUT = 0.5


def fit_logistic(x: list[list[float]], y: list[bool], names: Sequence[str]) -> dict[str, Any] | None:
    """Fit one shipped decision and return it as JSON-ready numbers, checked against scikit-learn's."""
    if len(set(y)) < 2:
        return None
    clf = classifiers()["logistic C=1"]().fit(x, y)
    scaler, logistic = clf[0], clf[-1]
    doc = {
        "features": list(names),
        "mean": [float(v) for v in scaler.mean_],
        "scale": [float(v) for v in scaler.scale_],
        "coef": [float(v) for v in logistic.coef_[0]],
        "intercept": float(logistic.intercept_[0]),
        "cut": CUT,
        "rows": len(y),
    }
    mine = copystart.Logistic(doc, names)
    worst = max(abs(mine.probability(r) - float(p)) for r, p in zip(x, clf.predict_proba(x)[:, 1], strict=True))
    if worst > 1e-6:
        raise SystemExit(f"the exported decision scores differently from scikit-learn's (by {worst})")
    return doc


DECISIONS = (("start", "guarded", copystart.START_FEATURES), ("pair", "guarded-pair", copystart.PAIR_FEATURES))


def copy_models_doc(items: list[Copy], st: Stacked, f: int, threshold: float, line_base: float) -> dict[str, Any]:
    """Both decisions fitted on the copies' scores ``st.inner[f, k]`` (scores of models that never saw them)."""
    doc: dict[str, Any] = {
        "about": "Copy-level decisions over the headline model's pick: bot/text/copystart.py; rebuild with "
        "python -m bench.train_lines --write (or python -m bench.copy_start --write)",
        "line_base": line_base,
    }
    for name, kind, names in DECISIONS:
        x, y = _training(kind, items, st, f, threshold)
        doc[name] = fit_logistic(x, y, names)
    return doc


def fold_copy_models(
    items: list[Copy], st: Stacked, threshold: float, line_bases: dict[int, float]
) -> dict[int, copystart.CopyModels]:
    """Per site fold, both decisions fitted on the other folds' copies as scored without fold f (nested)."""
    return {
        f: copystart.CopyModels.from_doc(copy_models_doc(items, st, f, threshold, line_bases[f])) for f in range(FOLDS)
    }


def classifiers() -> dict[str, Callable[[], Any]]:
    from sklearn.ensemble import GradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    def logistic(c: float) -> Callable[[], Any]:
        return lambda: make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=3000))

    def trees(n: int, depth: int) -> Callable[[], Any]:
        return lambda: GradientBoostingClassifier(
            n_estimators=n, max_depth=depth, min_samples_leaf=10, subsample=0.8, random_state=0
        )

    return {
        "logistic C=1": logistic(1.0),
        "logistic C=0.1": logistic(0.1),
        "trees 50x2": trees(50, 2),
        "trees 100x2": trees(100, 2),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "datasets")
    parser.add_argument("--seeds", type=int, nargs="+", default=[0, 1, 2])
    parser.add_argument(
        "--kinds", nargs="+", default=["guarded"], choices=["start", "guarded", "guarded-pair", "pair", "take"]
    )
    parser.add_argument(
        "--write",
        action="store_true",
        help=f"fit the copy-level decisions for the shipped line model: {train_lines.START_MODEL}",
    )
    args = parser.parse_args(argv)
    items = train_lines.copies(args.data)
    if not items:
        print(f"skipped: no labelled copies under {args.data} (pass --data)")
        return 0
    shipped = json.loads(train_lines.MODEL.read_text())
    size, threshold = tuple(shipped["size"]), float(shipped["threshold"])
    train_lines.OBJECTIVE = shipped.get("objective", "lines")
    if args.write:
        train_lines.SEED = args.seeds[0]
        train_lines.write_start(items, size, threshold, float(shipped["base"]))  # type: ignore[arg-type]
        return 0
    stacks = []
    for seed in args.seeds:
        train_lines.SEED = seed
        stacks.append(stacked_scores(items, size))  # type: ignore[arg-type]
    print(f"seeds {args.seeds}; line model {size}, threshold {threshold}; before -> after, tune / check / all")
    for kind in args.kinds:
        for name, maker in classifiers().items():
            for cut in (0.5, 0.7, 0.85):
                table = rates(items, [evaluate(kind, maker, items, st, threshold, cut) for st in stacks])
                cells = [
                    f"{s} "
                    + " / ".join(f"{table[s, h][0]:.3f}->{table[s, h][1]:.3f}" for h in ("tune", "check", "all"))
                    for s in SCORED
                ]
                print(f"{kind} {name} cut {cut}: " + " | ".join(cells), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
