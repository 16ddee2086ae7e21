"""Language detection from the text alone, against the language saved pages declare (``<html lang>``).

Every page of extraction-dev and pages-train that declares a language goes through the bot's own path
(``decode_text`` then ``parse_html``); :func:`bot.text.language.detect_language` then reads the extracted
headline and body only (never the declaration) and is scored against the declared code. A page whose
declaration contradicts its own text (a template's ``lang="en"`` on a Japanese page) counts as a miss, so the
figure is a floor. Copy-paste renditions (.txt, which have no declaration) are scored the same way, with the
declaration of the page they were copied from. The CNN/DailyMail set adds many English articles.

    python -m bench.quality_language [--data ../shared/datasets] [--misses]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from pathlib import Path

from bench.pagesets import load
from bot.errors import ParseError
from bot.ingest.formats.decode import decode_text
from bot.ingest.formats.html import parse_html
from bot.text.language import detect_language, normalise_language

ROOT = Path(__file__).resolve().parents[1]
_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z_-]+)", re.IGNORECASE)


class Score:
    """Right, wrong and unknown counts per declared language."""

    def __init__(self) -> None:
        self.right: Counter[str] = Counter()
        self.wrong: Counter[str] = Counter()
        self.unknown: Counter[str] = Counter()
        self.misses: list[str] = []

    def add(self, truth: str, guess: str | None, label: str) -> None:
        if guess == truth:
            self.right[truth] += 1
        elif guess is None:
            self.unknown[truth] += 1
            self.misses.append(f"{label}: {truth} -> unknown")
        else:
            self.wrong[truth] += 1
            self.misses.append(f"{label}: {truth} -> {guess}")

    def line(self, name: str) -> str:
        right, wrong, unknown = (sum(c.values()) for c in (self.right, self.wrong, self.unknown))
        total = right + wrong + unknown
        langs = sorted({*self.right, *self.wrong, *self.unknown}, key=lambda k: -(self.right[k] + self.wrong[k]))
        per = ", ".join(f"{k} {self.right[k]}/{self.right[k] + self.wrong[k] + self.unknown[k]}" for k in langs)
        return (
            f"{name}: {right}/{total} right ({100 * right / max(total, 1):.1f} %), {wrong} wrong, {unknown} unknown"
            f"\n    {per}"
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "datasets")
    parser.add_argument("--misses", action="store_true", help="list every miss")
    args = parser.parse_args(argv)
    pages = load(args.data)
    if not pages:
        print(f"skipped: no labelled pages under {args.data} (pass --data)")
        return 0
    html_score, copy_score, seconds, detections = Score(), Score(), 0.0, 0
    for page in pages:
        raw = gzip.decompress(page.html.read_bytes())
        found = _LANG.search(raw[:20000].decode("utf-8", "replace"))
        truth = normalise_language(found.group(1)) if found else None
        if truth is None:
            continue
        try:
            article = parse_html(decode_text(raw), name=page.id)
        except ParseError:
            continue
        start = time.perf_counter()
        guess = detect_language(article.title, article.text)
        seconds += time.perf_counter() - start
        detections += 1
        html_score.add(truth, guess, page.id)
        for name, path in page.copies.items():
            copy_score.add(
                truth, detect_language(path.read_text(encoding="utf-8", errors="replace")), f"{name}/{page.id}"
            )
    cnndm = Score()
    cnndm_path = args.data / "cnndm-dev.jsonl"
    if cnndm_path.is_file():
        for number, line in enumerate(cnndm_path.read_text(encoding="utf-8").splitlines()):
            record = json.loads(line)
            text = record.get("article") or record.get("text") or ""
            if text:
                cnndm.add("en", detect_language(text), f"cnndm {number}")
    print(html_score.line("saved pages that declare a language, text of the bot's own extraction"))
    print(copy_score.line("copy-paste renditions of those pages"))
    print(cnndm.line("CNN/DailyMail articles (English)"))
    print(f"detection time: {1e6 * seconds / max(detections, 1):.0f} us per page (headline + whole extracted body)")
    if args.misses:
        for miss in html_score.misses + copy_score.misses + cnndm.misses:
            print("  ", miss)
    return 0


if __name__ == "__main__":
    sys.exit(main())
