"""Fit the pasted-page headline model (bot/text/linemodel.json) on extraction-dev + pages-train, by site folds.

Every line in a copy's first lines (``bot.text.linefeatures``) is an example; its label says whether it is
the labelled headline (or an accepted alternative). scikit-learn's gradient-boosted trees (small, shallow)
are fitted; per copy the highest-scoring line is the headline. The model's size is chosen by
cross-validation grouped by site (``bench.pagesets.fold_of``: no site on both sides), and the report gives
the in-sample (``tune``) and out-of-fold (``check``) headline exact-match rates beside the rule-based ranker
it replaces, per copy set. The shipped trees are then fitted on every page and exported to JSON; the
pure-Python scorer (``bot.text.linemodel``) is checked against scikit-learn's own scores before writing.

Measured and not kept (out-of-fold, from the headline / 2-6 lines above): logistic regression on single
lines 0.899 / 0.718; on pairs (headline minus another line) 0.915 / 0.777; trees without the rule ranker's
score as a feature 0.936 / 0.777.

    pip install -e '.[train]'
    python -m bench.train_lines [--data ../shared/datasets] [--write]   # --write replaces the JSON
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.metrics import norm_headline
from bench.pagesets import COPY_SETS, FOLDS, load
from bot.text.headline import pick_headline
from bot.text.linefeatures import FEATURES, line_features
from bot.text.linemodel import LineModel
from bot.text.pasted import header_layout

ROOT = Path(__file__).resolve().parents[1]
MODEL = ROOT / "bot" / "text" / "linemodel.json"
# (trees, depth, smallest leaf); learning rate 0.1, 80 % subsamples.
GRID = ((60, 3, 10), (100, 3, 10), (100, 3, 1), (60, 4, 10))
RATE = 0.1


@dataclass
class Copy:
    page: str
    set: str
    fold: int
    rows: list[list[float]]
    gold: list[bool]
    rule_ok: bool


def copies(data_dir: Path) -> list[Copy]:
    out = []
    for page in load(data_dir):
        if not page.title_in_copy:
            continue
        wanted = {norm_headline(h) for h in page.headlines}
        for name, path in page.copies.items():
            lines, kinds, start = header_layout(path.read_text(encoding="utf-8"))
            feats = line_features(lines, kinds, start)
            rule = pick_headline(lines, kinds, start)
            rule_ok = rule is not None and norm_headline(lines[rule]) in wanted
            out.append(
                Copy(
                    page.id,
                    name,
                    page.fold,
                    [v for _, v in feats],
                    [norm_headline(lines[i]) in wanted for i, _ in feats],
                    rule_ok,
                )
            )
    return out


def fit(train: list[Copy], size: tuple[int, int, int]):  # type: ignore[no-untyped-def]
    from sklearn.ensemble import GradientBoostingClassifier

    x = [row for cp in train for row in cp.rows]
    y = [ok for cp in train for ok in cp.gold]
    trees, depth, leaf = size
    model = GradientBoostingClassifier(
        n_estimators=trees, max_depth=depth, min_samples_leaf=leaf, learning_rate=RATE, subsample=0.8, random_state=0
    )
    model.fit(x, y)
    return model


def hits(model, items: list[Copy]) -> list[bool]:  # type: ignore[no-untyped-def]
    out = []
    for cp in items:
        if not cp.rows:
            out.append(False)
            continue
        scores = model.decision_function(cp.rows)
        best = max(range(len(cp.rows)), key=lambda k: scores[k])
        out.append(cp.gold[best])
    return out


def rate(flags: list[bool]) -> float:
    return sum(flags) / len(flags) if flags else 0.0


def cross_validate(items: list[Copy], c: tuple[int, int, int]) -> tuple[dict[str, list[bool]], dict[str, list[bool]]]:
    """Return per copy set the in-sample and out-of-fold hits over grouped folds."""
    tune: dict[str, list[bool]] = {name: [] for name in COPY_SETS}
    check: dict[str, list[bool]] = {name: [] for name in COPY_SETS}
    for fold in range(FOLDS):
        train = [cp for cp in items if cp.fold != fold]
        held = [cp for cp in items if cp.fold == fold]
        model = fit(train, c)
        for name in COPY_SETS:
            tune[name].extend(hits(model, [cp for cp in train if cp.set == name]))
            check[name].extend(hits(model, [cp for cp in held if cp.set == name]))
    return tune, check


def _float64_threshold(value: float) -> float:
    """Return the float64 cut equal to scikit-learn's test on float32 features (``float32(x) <= value``).

    x rounds to a float32 <= value exactly when x lies below the midpoint between the largest float32 not
    above value and the next float32 up.
    """
    import numpy as np

    low = np.float32(value)
    if float(low) > value:
        low = np.nextafter(low, np.float32(-np.inf))
    high = np.nextafter(low, np.float32(np.inf))
    return float((float(low) + float(high)) / 2)


def export(model, rows: list[list[float]]) -> dict:  # type: ignore[no-untyped-def]
    """Return the trees as JSON-ready lists, checked against scikit-learn's scores on ``rows``."""
    trees = []
    for (estimator,) in model.estimators_:
        t = estimator.tree_
        trees.append(
            [
                [int(f) for f in t.feature],
                [_float64_threshold(v) for v in t.threshold],
                [int(n) for n in t.children_left],
                [int(n) for n in t.children_right],
                [round(float(v) * RATE, 7) for v in t.value[:, 0, 0]],
            ]
        )
    doc = {"features": list(FEATURES), "trees": trees}
    base = float(model.decision_function([rows[0]])[0]) - LineModel(doc).score(rows[0])
    doc["base"] = round(base, 7)
    reference = model.decision_function(rows)
    mine = LineModel(doc)
    worst = max(abs(mine.score(r) - float(s)) for r, s in zip(rows, reference, strict=True))
    if worst > 1e-3:
        raise SystemExit(f"the exported trees score differently from scikit-learn's (by {worst})")
    return doc


def fold_models(data_dir: Path) -> dict[int, LineModel]:
    """Return, per site fold, the model fitted on the other folds at the shipped size (for honest checks)."""
    items = copies(data_dir)
    size = tuple(json.loads(MODEL.read_text())["size"])
    out = {}
    for fold in range(FOLDS):
        train = [cp for cp in items if cp.fold != fold]
        model = fit(train, size)  # type: ignore[arg-type]
        out[fold] = LineModel(export(model, [row for cp in train for row in cp.rows]))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "datasets")
    parser.add_argument("--write", action="store_true", help=f"write the fitted weights to {MODEL}")
    args = parser.parse_args(argv)
    items = copies(args.data)
    if not items:
        print(f"skipped: no labelled copies under {args.data} (pass --data)")
        return 0
    print(f"{len(items)} copies, {sum(len(cp.rows) for cp in items)} candidate lines, {FOLDS} site folds")
    for name in COPY_SETS:
        sel = [cp.rule_ok for cp in items if cp.set == name]
        print(f"rules (bot/text/headline.py) {name}: {rate(sel):.3f} of {len(sel)}")
    best_c, best = GRID[0], -1.0
    for c in GRID:
        tune, check = cross_validate(items, c)
        overall = rate([h for name in COPY_SETS for h in check[name]])
        cells = "  ".join(f"{name} tune {rate(tune[name]):.3f} check {rate(check[name]):.3f}" for name in COPY_SETS)
        print(f"size={c} {cells}")
        if overall > best:
            best_c, best = c, overall
    print(f"chosen size={best_c} (best out-of-fold rate over both copy sets: {best:.3f})")
    model = fit(items, best_c)
    if args.write:
        doc = {
            "about": "Pasted-page headline model: gradient-boosted trees over bot/text/linefeatures.py; "
            "rebuild with python -m bench.train_lines --write",
            "size": list(best_c),
            "copies": len(items),
            **export(model, [row for cp in items for row in cp.rows]),
        }
        MODEL.write_text(json.dumps(doc, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {MODEL}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
