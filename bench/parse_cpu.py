"""CPU per pasted drop file, and a fingerprint of every parse output to show a speed change changed nothing.

Timing: synthetic pasted files (``bench.corpus``), ``--files`` new ones per pass (caches see each file once),
``--passes`` passes; CPU seconds (``time.process_time``) of ``read_pasted`` and of the whole parser
(``parse_retrieved``: decode, read, key points), the best pass of each. Run it for two trees of code
alternately, in separate processes, under the bench lock.

Fingerprint (``--digest FILE``): one line per input (every saved page of ``../shared/datasets`` as an .html
drop file, every copy from the headline, 2-6 lines above and from the body's start, plus ``--synthetic``
synthetic files), with a hash of everything
``parse_retrieved`` returns for it (title, body, date, dateline, author, key points) or of the error it
raises. Two trees agree when their files are identical (``cmp``; ``diff`` names the inputs that differ).

    python -m bench.parse_cpu [--files 1000] [--passes 3]
    python -m bench.parse_cpu --real [--passes 3]   # the dataset's 583 copies instead (line caches emptied)
    python -m bench.parse_cpu --digest out.txt [--synthetic 3000] [--data ../shared/datasets]
    python -m bench.parse_cpu --rows out.txt [--synthetic 3000]   # the headline model's rows and picks
    python -m bench.parse_cpu --records out.txt [--synthetic 3000]   # identity, language, normalised text

``--records`` fingerprints what an ingest makes of each parsed input beside the parse (every input of ``--digest``):
each article's identity (entry keys, canonical URL, content fingerprint) and language, and the normalised form
(``similarity.normalise``) of the text, its title and each of its lines.

``--rows`` fingerprints the headline model's input and output for every pasted input (not the saved pages):
every ``line_features`` row, with and without the body's sentences, and ``pick_headline``, at seven starts
(where the reader starts the search, and 0, 1, 2, 5, 9, 14): two trees whose files are identical compute the
same rows to the last bit and pick the same lines.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

from bench import parse_cpu_ab
from bench.corpus import Corpus, pasted_text
from bot.errors import ParseError
from bot.ingest.formats import parse_retrieved
from bot.models import Retrieved
from bot.text.clean import is_prose
from bot.text.linekinds import classify_line, classify_text, word_count, words_beside_dates
from bot.text.pasted import read_pasted

ROOT = Path(__file__).resolve().parents[1]
NOW = datetime(2026, 1, 1, tzinfo=UTC)
_SEED = 7


@cache
def _corpus() -> Corpus:
    return Corpus(_SEED, days=30)


def synthetic(n: int, start: int) -> list[str]:
    """Return ``n`` synthetic pasted texts, from article number ``start`` on."""
    corpus = _corpus()
    return [pasted_text(item, random.Random(_SEED * 31 + item.number)) for item in corpus.articles(n, start=start)]


def _retrieved(text: str, name: str) -> Retrieved:
    return Retrieved(data=text.encode("utf-8"), name=name, location=name, modified=NOW)


def _forget() -> None:
    """Empty the line caches, so that a pass over texts seen before costs what new texts cost."""
    for cached in (classify_line, classify_text, word_count, words_beside_dates):
        cached.__self__.clear()  # bot/text/linecache.py: the cache is the function's __self__
    is_prose.__self__.clear()


def cpu_per_file(texts: list[str], whole: bool) -> float:
    """Return the CPU milliseconds per text of ``read_pasted`` (or of ``parse_retrieved`` when ``whole``)."""
    return parse_cpu_ab.cpu_per_file(texts, whole, forget=_forget)


def _inputs(data: Path, n: int) -> Iterator[tuple[str, str]]:
    from bench.pagesets import load
    from bench.train_lines import from_body

    for page in load(data):
        yield f"html/{page.id}", page.html_text()
        for name, path in sorted(page.copies.items()):
            text = path.read_text(encoding="utf-8")
            yield f"{name}/{page.id}", text
            if name == "copypaste" and page.body:
                cut = from_body(text, page.body)
                if cut is not None:
                    yield f"from-body/{page.id}", cut
    for i, text in enumerate(synthetic(n, 0)):
        yield f"synthetic/{i}", text


def _suffix(name: str) -> str:
    return ".html" if name.startswith("html/") else ".txt"


def fingerprint(name: str, text: str) -> str:
    """Return a hash of what the parser makes of ``text`` (its articles' fields, or its error)."""
    try:
        got = [
            (a.title, a.body, a.published, a.dateline, a.author, a.key_points)
            for a in parse_retrieved(_retrieved(text, f"{name.replace('/', '_')}{_suffix(name)}"), now=NOW)
        ]
        shown = repr(got)
    except ParseError as exc:
        shown = f"error: {exc}"
    return hashlib.sha256(shown.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def records_fingerprint(name: str, text: str) -> str:
    """Return a hash of the records an ingest makes of ``text``'s articles, and of its normalised lines."""
    from bot.text.identity import identify
    from bot.text.language import article_language
    from bot.text.similarity import normalise

    shown = [normalise(line) for line in (text, *text.splitlines())]
    try:
        articles = parse_retrieved(_retrieved(text, f"{name.replace('/', '_')}{_suffix(name)}"), now=NOW)
    except ParseError:
        articles = []
    for article in articles:
        shown.append(normalise(article.title))
        shown.append(repr(identify(article, source_keys=[name])))
        shown.append(repr(identify(article, feed_entry=True)))
        shown.append(repr(article_language(article.language, article.title, article.text)))
    return hashlib.sha256(repr(shown).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def rows_fingerprint(text: str) -> str:
    """Return a hash of the headline model's rows and picks for ``text`` at seven starts (see ``--rows``)."""
    from bot.text.linefeatures import line_features
    from bot.text.linemodel import pick_headline
    from bot.text.pasted import header_layout

    lines, kinds, room = header_layout(text)
    seen = []
    for start in sorted({room, 0, 1, 2, 5, 9, 14}):
        if start < len(lines):
            seen.append(
                (
                    line_features(lines, kinds, start),
                    line_features(lines, kinds, start, sentences=True),
                    pick_headline(lines, kinds, start),
                )
            )
    return hashlib.sha256(repr(seen).encode("utf-8", "surrogatepass")).hexdigest()[:16]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--passes", type=int, default=3)
    parser.add_argument("--digest", type=Path, help="write the output fingerprints to this file instead of timing")
    parser.add_argument("--rows", type=Path, help="write the headline rows' fingerprints to this file instead")
    parser.add_argument("--records", type=Path, help="write the records' fingerprints to this file instead")
    parser.add_argument("--synthetic", type=int, default=3000)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "datasets")
    parser.add_argument("--real", action="store_true", help="time the dataset's copies (line caches emptied per pass)")
    args = parser.parse_args(argv)
    if args.rows:
        pasted = [(name, text) for name, text in _inputs(args.data, args.synthetic) if not name.startswith("html/")]
        lines = [f"{name} {rows_fingerprint(text)}" for name, text in pasted]
        args.rows.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{len(lines)} inputs -> {args.rows}")
        return 0
    if args.records:
        lines = [f"{name} {records_fingerprint(name, text)}" for name, text in _inputs(args.data, args.synthetic)]
        args.records.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{len(lines)} inputs -> {args.records}")
        return 0
    if args.digest:
        lines = [f"{name} {fingerprint(name, text)}" for name, text in _inputs(args.data, args.synthetic)]
        args.digest.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"{len(lines)} inputs -> {args.digest}")
        return 0
    synthetic(10, 10**6)  # warm imports and the corpus's own setup outside the timed passes
    read_pasted("Warm up\n\nThe first paragraph of a warm-up text, long enough to be read as prose.", reference=NOW)
    best = {"read_pasted": float("inf"), "parse_retrieved": float("inf")}
    if args.real:
        texts = [text for name, text in _inputs(args.data, 0) if not name.startswith("html/")]
        if not texts:
            print(f"skipped: no copies under {args.data} (pass --data)")
            return 0
        for _ in range(args.passes):
            best["read_pasted"] = min(best["read_pasted"], cpu_per_file(texts, whole=False))
            best["parse_retrieved"] = min(best["parse_retrieved"], cpu_per_file(texts, whole=True))
        print(f"{len(texts)} copies: " + " ".join(f"{k} {v:.3f} ms" for k, v in best.items()))
        return 0
    for k in range(args.passes):
        texts = synthetic(args.files, 1 + k * args.files)
        best["read_pasted"] = min(best["read_pasted"], cpu_per_file(texts, whole=False))
        texts = synthetic(args.files, 1 + (args.passes + k) * args.files)
        best["parse_retrieved"] = min(best["parse_retrieved"], cpu_per_file(texts, whole=True))
    print(" ".join(f"{k} {v:.3f} ms" for k, v in best.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
