"""Fit the headline ranker's weights on the tuning half of extraction-dev's copy-paste sets; report both halves.

Listwise logistic regression: per page a softmax over the candidate lines, the labelled headline (or an accepted
alternative) as the target, L2-regularised, plain gradient descent. Prints the weights to paste into
bot/text/headline.py, then the exact-match rate of the ranker on the tuning and the checking half.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

from bench.metrics import halves, norm_headline
from bot.text.headline import FEATURES, candidate_features
from bot.text.pasted import header_layout

ROOT = Path(__file__).resolve().parents[1]
SETS = ("copypaste", "copypaste-wide")

Page = list[tuple[list[float], bool]]


def pages(data_dir: Path, ids: set[str]) -> list[Page]:
    root = data_dir / "extraction-dev"
    labels = json.loads((root / "labels.json").read_text())
    out = []
    for name in SETS:
        for page_id in sorted(ids):
            label = labels[page_id]
            wanted = {norm_headline(label["headline"]), *(norm_headline(h) for h in label["headline_also_ok"])}
            lines, kinds, start = header_layout((root / name / f"{page_id}.txt").read_text(encoding="utf-8"))
            cands = [
                ([f[k] for k in FEATURES], norm_headline(lines[i]) in wanted)
                for i, f in candidate_features(lines, kinds, start)
            ]
            out.append(cands)
    return out


def accuracy(weights: list[float], data: list[Page]) -> float:
    hits = 0
    for cands in data:
        if cands:
            best = max(cands, key=lambda c: sum(w * x for w, x in zip(weights, c[0], strict=True)))
            hits += best[1]
    return hits / len(data)


def fit(data: list[Page], *, l2: float, rate: float, steps: int) -> list[float]:
    weights = [0.0] * len(FEATURES)
    usable = [c for c in data if any(ok for _, ok in c)]
    for _ in range(steps):
        grad = [l2 * w for w in weights]
        for cands in usable:
            scores = [sum(w * x for w, x in zip(weights, feats, strict=True)) for feats, _ in cands]
            top = max(scores)
            exp = [math.exp(s - top) for s in scores]
            total = sum(exp)
            gold = sum(e for e, (_, ok) in zip(exp, cands, strict=True) if ok)
            for e, (feats, ok) in zip(exp, cands, strict=True):
                # d(-log P(gold))/dw = E_model[x] - E_gold[x]
                coeff = e / total - (e / gold if ok else 0.0)
                for k, x in enumerate(feats):
                    grad[k] += coeff * x / len(usable)
        weights = [w - rate * g for w, g in zip(weights, grad, strict=True)]
    return weights


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "datasets")
    parser.add_argument("--l2", type=float, default=0.01)
    parser.add_argument("--rate", type=float, default=0.5)
    parser.add_argument("--steps", type=int, default=600)
    args = parser.parse_args()
    if not (args.data / "extraction-dev").is_dir():
        print(f"skipped: {args.data / 'extraction-dev'} is not there (pass --data)")
        return
    labels = json.loads((args.data / "extraction-dev" / "labels.json").read_text())
    tune_ids, check_ids = halves(labels)
    tune, check = pages(args.data, tune_ids), pages(args.data, check_ids)
    weights = fit(tune, l2=args.l2, rate=args.rate, steps=args.steps)
    print("WEIGHTS = {")
    for name, w in zip(FEATURES, weights, strict=True):
        print(f'    "{name}": {w:.3f},')
    print("}")
    print(f"tune {accuracy(weights, tune):.1%}  check {accuracy(weights, check):.1%}  (both copy sets together)")


if __name__ == "__main__":
    main()
