"""What the document, RTF and web-archive readers cost at the size limits: CPU and peak memory, one process each.

    python -m bench.document_limits

Each file is written by ``tests/docfixtures.py``'s builders into a temporary folder, then read by
``parse_retrieved`` in a fresh process (so that one file's peak is not another's); the table is Markdown.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

_PARAGRAPH = "The harbour board met on Tuesday to weigh the ferry timetable, the fares and the new landing stage. " * 3


def write_files(folder: Path) -> list[tuple[str, str]]:
    """Write the files measured; return each name with what it is."""
    from docfixtures import HEADLINE, docx, odt, page_html, rtf_escape, w_paragraph, webarchive, wide_bplist

    page = page_html(extra=f"<p>{_PARAGRAPH}</p>" * 30_000)
    files = {
        "big.docx": (
            docx(w_paragraph(HEADLINE, "Title") + w_paragraph(_PARAGRAPH) * 110_000),
            "`.docx`, 44 MB of `document.xml` (110,000 paragraphs)",
        ),
        "big.odt": (
            odt(f"<text:h text:outline-level='1'>{HEADLINE}</text:h>" + f"<text:p>{_PARAGRAPH}</text:p>" * 140_000),
            "`.odt`, 140,000 paragraphs",
        ),
        "big.rtf": (
            (
                r"{\rtf1\ansi " + rtf_escape(HEADLINE) + r"\par " + (rtf_escape(_PARAGRAPH) + r"\par ") * 140_000 + "}"
            ).encode(),
            "`.rtf`, 140,000 paragraphs",
        ),
        "tokens.rtf": (b"{\\rtf1 " + b"\\b\\b0 x" * 1_000_000 + b"}", "`.rtf`, 2,000,000 control words"),
        "bomb.docx": (
            docx(w_paragraph(HEADLINE) + ("<w:p><w:r><w:t>" + "ferry " * 60 + "</w:t></w:r></w:p>") * 140_000),
            "`.docx` zip bomb (55 MB of XML)",
        ),
        "wide.webarchive": (wide_bplist(40_000_000), "`.webarchive`, one array of 40,000,000 references"),
        "page.webarchive": (webarchive(page.encode()), "`.webarchive` holding a 9.2 MB page"),
        "page.html": (page.encode(), "the same page as `.html`"),
    }
    for name, (data, _) in files.items():
        (folder / name).write_bytes(data)
    return [(name, what) for name, (_, what) in files.items()]


def measure(path: Path) -> str:
    """Parse one file in this process; return its table cells: size, CPU, peak RSS growth, outcome."""
    from bot.errors import ParseError
    from bot.ingest.formats import parse_retrieved
    from bot.models import Retrieved

    data = path.read_bytes()
    base = _peak_kb()
    started = time.process_time()
    try:
        articles = parse_retrieved(Retrieved(data=data, name=path.name, location=path.name), now=datetime.now(UTC))
        outcome = f"read, {len(articles[0].body)} paragraphs kept"
    except ParseError as exc:
        outcome = f"refused: {str(exc)[:100]}"
    cpu = time.process_time() - started
    grown = (_peak_kb() - base) / 1000
    return f"{len(data) / 1e6:.1f} MB | {cpu:.2f} s | +{grown:.0f} MB | {outcome}"


def _peak_kb() -> int:
    """This process's peak resident memory in kB (VmHWM: unlike ru_maxrss, not the parent's peak after exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(measure(Path(sys.argv[2])))
        return
    with tempfile.TemporaryDirectory(prefix="document-limits-") as folder:
        print("| file | size | CPU | peak RSS | outcome |\n|---|---|---|---|---|")
        for name, what in write_files(Path(folder)):
            done = subprocess.run(
                [sys.executable, "-m", "bench.document_limits", "--one", str(Path(folder) / name)],
                cwd=ROOT,
                capture_output=True,
                text=True,
                timeout=600,
                check=True,
            )
            print(f"| {what} | {done.stdout.strip()} |")


if __name__ == "__main__":
    main()
