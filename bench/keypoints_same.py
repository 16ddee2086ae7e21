"""A fingerprint of the key points and sentences of every input, to show a speed change changed neither.

One line per input: its name and a hash of ``split_sentences`` of the whole text and of each paragraph,
``key_points`` of the paragraphs with and without the title (3 points, and 8 to reach further into the ranking),
``redundant`` of neighbouring sentences and ``is_cruft`` of every sentence. Inputs: every cnndm-dev article
(one string, as ``bench.quality_keypoints`` reads it), every labelled body and every pasted copy of
``bench.pagesets`` (paragraphs at blank lines, the labelled headline as title), and ``--synthetic`` articles of
``bench.corpus``.
Two trees of code agree when their files are identical (``cmp``; ``diff`` names the inputs that differ).

    python -m bench.keypoints_same --digest out.txt [--synthetic 3000] [--data ../shared/datasets]
    python -m bench.keypoints_same --time [--synthetic 2000] [--passes 5]   # CPU ms per article, best pass
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
import time
from collections.abc import Iterator, Sequence
from itertools import pairwise
from pathlib import Path

from bench.corpus import Corpus
from bench.pagesets import load
from bot.text.keypoints import is_cruft, key_points, redundant
from bot.text.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[1]
_PARAGRAPHS = re.compile(r"\n[ \t]*\n")

Input = tuple[str, list[str], str | None]  # name, paragraphs, title


def synthetic(n: int) -> Iterator[Input]:
    """Bodies and headlines of the bench corpus's first ``n`` articles (as ``bench.scale`` ingests them)."""
    for item in Corpus(seed=1).articles(n):
        yield f"synthetic/{item.number}", list(item.article.body), item.article.title


def real(data: Path) -> Iterator[Input]:
    """Every cnndm-dev article, and every labelled body and pasted copy of the page sets."""
    cnndm = data / "cnndm-dev.jsonl"
    if cnndm.is_file():
        with cnndm.open(encoding="utf-8") as fh:
            for line in fh:
                if line.strip():
                    item = json.loads(line)
                    yield f"cnndm/{item['id']}", [item["article"]], None
    for page in load(data):
        title = min(page.headlines) if page.headlines else None
        if page.body:
            yield f"{page.dataset}/{page.id}/body", _PARAGRAPHS.split(page.body), title
        for name, path in sorted(page.copies.items()):
            yield f"{page.dataset}/{page.id}/{name}", _PARAGRAPHS.split(path.read_text(encoding="utf-8")), title


def fingerprint(paragraphs: list[str], title: str | None) -> str:
    """Hash everything the key points and the splitter give for one input."""
    sentences = [split_sentences(p) for p in paragraphs]
    whole = split_sentences("\n\n".join(paragraphs))
    flat = [s for group in sentences for s in group]
    parts = [
        whole,
        sentences,
        key_points(paragraphs, title, 3),
        key_points(paragraphs, None, 3),
        key_points(paragraphs, title, 8),
        [redundant(a, b) for a, b in pairwise(flat)][:200],
        [is_cruft(s) for s in flat],
    ]
    return hashlib.sha256(json.dumps(parts, ensure_ascii=False).encode("utf-8")).hexdigest()[:24]


def cpu_per_article(inputs: Sequence[Input], passes: int) -> float:
    """Best pass's CPU milliseconds of ``key_points`` (3, with the title) per input."""
    best = float("inf")
    for _ in range(passes):
        start = time.process_time()
        for _, paragraphs, title in inputs:
            key_points(paragraphs, title, 3)
        best = min(best, time.process_time() - start)
    return best / len(inputs) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--digest", type=Path, help="write one line per input here")
    parser.add_argument("--time", action="store_true", help="print CPU ms of key points per article")
    parser.add_argument("--synthetic", type=int, default=3000)
    parser.add_argument("--passes", type=int, default=5)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "datasets")
    args = parser.parse_args(argv)
    if args.digest is None and not args.time:
        parser.error("give --digest FILE or --time")
    if args.time:
        inputs = list(synthetic(args.synthetic))
        key_points(*inputs[0][1:])  # modules and caches warm, as in a running bot
        print(f"synthetic {len(inputs)}: {cpu_per_article(inputs, args.passes):.4f} ms")
        found = list(real(args.data)) if args.data.is_dir() else []
        if found:
            print(f"real {len(found)}: {cpu_per_article(found, args.passes):.4f} ms")
    if args.digest is not None:
        count = 0
        with args.digest.open("w", encoding="utf-8") as out:
            sources = [synthetic(args.synthetic)] + ([real(args.data)] if args.data.is_dir() else [])
            for source in sources:
                for name, paragraphs, title in source:
                    out.write(f"{name} {fingerprint(paragraphs, title)}\n")
                    count += 1
        print(f"{count} inputs -> {args.digest}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
