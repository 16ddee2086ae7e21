"""Experiment (not shipped): can a learned score of each body line overrule the body rules, on sites never seen?

For every pasted copy (from the headline, 2-6 lines above, from the body's start) the body rules of
``bot.text.pasted`` run as they are. Two kinds of line between the body's start and end are then rows: the short
lines the rules keep (not running text: headings, list items, other stories' headlines, captions), and the
lines the rules leave out (furniture kinds, credits, related-link lists). A row's label says whether its tokens
occur in the labelled body. Gradient-boosted trees (scikit-learn, 100 trees of depth 3, leaf 10) are fitted out
of fold by site fold, and the body is read again with the rules overruled where the score is sure: a kept line
dropped under ``drop`` and a left-out line put back over ``add``. Body F1 (``bench.metrics.corpus_f1``) is
printed for the tune folds (0-2) and the check folds (3-4) at each pair of thresholds; the pair is to be chosen
on tune. Headline models are the fold models of ``bench.train_lines`` (needs the ``train`` extra).

    python -m bench.body_override [--data ../shared/datasets]
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from bench.metrics import _TOKEN, corpus_f1
from bench.pagesets import COPY_SETS, load
from bench.train_lines import FROM_BODY, fold_models, from_body
from bot.errors import ParseError
from bot.ingest.formats.text import parse_pasted_text
from bot.text import linemodel, pasted
from bot.text.clean import Kind, is_prose, word_count, words
from bot.text.linemodel import LineModel

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = datetime(2026, 1, 1, tzinfo=UTC)
SETS = (*COPY_SETS, FROM_BODY)
TUNE = frozenset({0, 1, 2})
_KINDS = (Kind.CAPTION, Kind.MORE, Kind.SHARE, Kind.FOLLOW, Kind.COPYRIGHT, Kind.SUBSCRIBE, Kind.ADVERT, Kind.DATE)
_BULLET = re.compile(r"^[-\u2022*+\u2013\u2014]")
GRID = ((1.1, 0.0), (0.6, 0.3), (0.7, 0.3), (0.8, 0.3), (0.9, 0.3), (0.7, 0.0), (1.1, 0.3), (0.7, 0.4))


def _norm(text: str) -> str:
    return " ".join(_TOKEN.findall(text.lower()))


class _Reader:
    """Run the body rules, recording their span and the lines they keep, optionally overruled line by line."""

    def __init__(self) -> None:
        self.rules = pasted._body
        self.span: tuple[list[str], list[Kind], int, int, set[int]] | None = None
        self.overrule: dict[int, bool] = {}

    def body(self, lines: list[str], kinds: list[Kind], start: int, end: int, title_at: int | None) -> list[str]:
        kept = self.rules(lines, kinds, start, end, title_at)
        shown = [_shown(line) for line in lines]
        # The rules keep an ordered subset of the span's lines (drop caps joined): find their places in order.
        places: set[int] = set()
        k = 0
        for i in range(start, end):
            if k < len(kept) and shown[i] == kept[k]:
                places.add(i)
                k += 1
        self.span = (lines, kinds, start, end, places)
        if not self.overrule:
            return kept
        return [shown[i] for i in range(start, end) if self.overrule.get(i, i in places)]

    def read(self, text: str) -> str:
        self.span = None
        try:
            return parse_pasted_text(text, reference=REFERENCE, name="copy.txt").text
        except ParseError:
            return ""


def _shown(line: str) -> str:
    return pasted._DROP_CAP.sub(r"\1\2", line) if line[1:2] == " " else line


@contextmanager
def _reader() -> Iterator[_Reader]:
    reader = _Reader()
    pasted._body = reader.body  # type: ignore[assignment]
    try:
        yield reader
    finally:
        pasted._body = reader.rules  # type: ignore[assignment]


def _caps(line: str) -> float:
    found = words(line)
    return sum(1 for w in found[1:] if w[:1].isupper()) / max(1, len(found) - 1)


def features(lines: list[str], kinds: list[Kind], start: int, end: int, kept: set[int], i: int) -> list[float]:
    """Describe line ``i`` of a body span by its shape, the run of short kept lines it sits in, and its kind."""
    line = lines[i]
    a = b = i
    while a - 1 >= start and a - 1 in kept and not is_prose(lines[a - 1]):
        a -= 1
    while b + 1 < end and b + 1 in kept and not is_prose(lines[b + 1]):
        b += 1
    before = lines[a - 1] if a > 0 else ""
    after = lines[b + 1] if b + 1 < len(lines) else ""
    body_words = {w.lower() for j in kept if is_prose(lines[j]) for w in words(lines[j]) if len(w) > 3}
    own = [w.lower() for w in words(line) if len(w) > 3]
    span = max(1, end - start)
    last = line[-1:]
    return [
        min(word_count(line), 40),
        len(line) / 100,
        _caps(line),
        float(last in ".!?\u3002"),
        float(last == ":"),
        float(last.isalnum()),
        sum(c.isdigit() for c in line) / len(line),
        float(line[:1].isdigit()),
        float(bool(_BULLET.match(line))),
        b - a + 1,
        i - a,
        b - i,
        float(is_prose(before)),
        float(is_prose(after)),
        float(before.endswith(":")),
        (i - start) / span,
        (end - i) / span,
        sum(1 for w in own if w in body_words) / len(own) if own else 0.0,
        sum(_caps(lines[j]) for j in range(a, b + 1)) / (b - a + 1),
        sum(word_count(lines[j]) for j in range(a, b + 1)) / (b - a + 1),
        float(lines.count(line) > 1),
        float(any(ord(c) > 0x2E80 for c in line)),
        float(line.endswith("?")),
        float(i in kept),
        *(float(kinds[i] is k) for k in _KINDS),
    ]


Row = tuple[int, tuple[str, str], int, list[float], bool, bool]


def collect(data: Path) -> tuple[list[dict], list[Row], dict[int, LineModel]]:
    """Return the copies (with the rules' body), the rows (fold, copy, line, features, in truth, kept), models."""
    pages = [p for p in load(data) if p.body]
    models = fold_models(data)
    copies: list[dict] = []
    rows: list[Row] = []
    with _reader() as reader:
        for page in pages:
            _use(models[page.fold])
            texts = [(name, path.read_text(encoding="utf-8")) for name, path in page.copies.items()]
            if COPY_SETS[0] in page.copies:
                cut = from_body(page.copies[COPY_SETS[0]].read_text(encoding="utf-8"), page.body or "")
                texts += [(FROM_BODY, cut)] if cut else []
            truth = f" {_norm(page.body or '')} "
            for name, text in texts:
                body = reader.read(text)
                if reader.span is None:
                    continue
                lines, kinds, start, end, kept = reader.span
                key = (page.id, name)
                copies.append(
                    {"key": key, "fold": page.fold, "set": name, "text": text, "truth": page.body, "body": body}
                )
                for i in range(start, end):
                    if (i in kept and is_prose(lines[i])) or not _norm(lines[i]):
                        continue
                    row = features(lines, kinds, start, end, kept, i)
                    rows.append((page.fold, key, i, row, f" {_norm(lines[i])} " in truth, i in kept))
    return copies, rows, models


def _use(model: LineModel) -> None:
    linemodel.shipped = lambda: model  # type: ignore[method-assign]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "datasets")
    args = parser.parse_args(argv)
    if not load(args.data):
        print(f"skipped: no labelled pages under {args.data} (pass --data)")
        return 0
    import numpy as np
    from sklearn.ensemble import GradientBoostingClassifier

    copies, rows, models = collect(args.data)
    x = np.array([r[3] for r in rows])
    y = np.array([r[4] for r in rows])
    folds = np.array([r[0] for r in rows])
    scores = np.zeros(len(rows))
    for fold in range(5):
        model = GradientBoostingClassifier(
            n_estimators=100, max_depth=3, min_samples_leaf=10, subsample=0.8, random_state=0
        )
        model.fit(x[folds != fold], y[folds != fold])
        scores[folds == fold] = model.predict_proba(x[folds == fold])[:, 1]
    by_copy: dict[tuple[str, str], list[tuple[int, float, bool]]] = {}
    for row, score in zip(rows, scores, strict=True):
        by_copy.setdefault(row[1], []).append((row[2], float(score), row[5]))
    print(f"{len(rows)} rows ({sum(r[5] for r in rows)} kept by the rules), {int(y.sum())} in the ground truth")
    print("| add over | drop under | " + " | ".join(f"{s} tune | {s} check" for s in SETS) + " |")
    print("|---:|---:|" + "---:|" * (2 * len(SETS)))
    with _reader() as reader:
        for add, drop in GRID:
            cells = []
            for name in SETS:
                for half in (TUNE, frozenset({3, 4})):
                    pairs = []
                    for c in copies:
                        if c["set"] != name or c["fold"] not in half:
                            continue
                        lines = by_copy.get(c["key"], [])
                        reader.overrule = {i: not kept for i, s, kept in lines if (s > add if not kept else s < drop)}
                        if reader.overrule:
                            _use(models[c["fold"]])
                            pairs.append((reader.read(c["text"]), c["truth"]))
                        else:
                            pairs.append((c["body"], c["truth"]))
                    cells.append(f"{corpus_f1(pairs)[2]:.4f}")
            print(f"| {add} | {drop} | " + " | ".join(cells) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
