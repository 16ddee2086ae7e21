"""The datasets' saved pages under other names: as a ``.txt`` and wrapped as a saved single-file page (MHTML).

Every saved page of ``extraction-dev`` and ``pages-train`` is parsed as the ``.html`` drop file it is, then the
same bytes as ``page.txt``, then wrapped as Chrome writes "Webpage, Single File" (a ``multipart/related``
document: the page quoted-printable with its URL as ``Content-Location``, then an image part) as
``page.mhtml``. Each rendition's headline, date and body (and dateline, author, key points) are compared with the
``.html`` one's; every feed capture of ``feeds/`` likewise as ``.txt`` and ``.html`` against its own suffix. The
MHTML gives the HTML reader the page's URL as its base, so it is compared with the ``.html``
read with the same base URL; how many differ from the ``.html`` read without one is said too.

    python -m bench.sniff_pages [--data /work/shared/datasets]
"""

from __future__ import annotations

import argparse
import gzip
import json
import quopri
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from bench.pagesets import load
from bot.errors import ParseError
from bot.ingest.formats import parse_retrieved
from bot.models import Retrieved

NOW = datetime(2026, 1, 1, tzinfo=UTC)
_BOUNDARY = "----MultipartBoundary--wQ3eR5tY7uI9oP1aS3dF5gH7jK9lZ2xC4vB6nM8"
_FIELDS = ("title", "published", "body", "dateline", "author", "key_points")


def as_mhtml(html: bytes, url: str | None) -> bytes:
    """Wrap a page's bytes as Chrome saves it: header block, the page quoted-printable, one image, the end."""
    where = url or "file:///saved/page.html"
    head = (
        "From: <Saved by Blink>\r\n"
        f"Snapshot-Content-Location: {where}\r\n"
        "Subject: A saved page\r\n"
        "Date: Sat, 6 Dec 2026 19:30:00 -0000\r\n"
        "MIME-Version: 1.0\r\n"
        f'Content-Type: multipart/related;\r\n\ttype="text/html";\r\n\tboundary="{_BOUNDARY}"\r\n\r\n\r\n'
        f"--{_BOUNDARY}\r\nContent-Type: text/html\r\nContent-ID: <frame-1@mhtml.blink>\r\n"
        f"Content-Transfer-Encoding: quoted-printable\r\nContent-Location: {where}\r\n\r\n"
    )
    body = quopri.encodestring(html).replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    image = (
        f"\r\n--{_BOUNDARY}\r\nContent-Type: image/png\r\nContent-Transfer-Encoding: base64\r\n"
        f"Content-Location: {where.rsplit('/', 1)[0]}/logo.png\r\n\r\niVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJ\r\n"
        f"\r\n--{_BOUNDARY}--\r\n"
    )
    return head.encode() + body + image.encode()


def shape(data: bytes, name: str, base_url: str | None = None) -> object:
    """Return what the parser makes of a file: its articles' compared fields, or its error."""
    try:
        articles = parse_retrieved(Retrieved(data=data, name=name, location=name, base_url=base_url), now=NOW)
    except ParseError as exc:
        return f"error: {exc}"
    return [tuple(getattr(a, f) for f in _FIELDS) for a in articles]


def _urls(data: Path) -> dict[str, str]:
    urls: dict[str, str] = {}
    for folder in ("extraction-dev", "pages-train"):
        labels = data / folder / "labels.json"
        if labels.is_file():
            urls.update({k: v["url"] for k, v in json.loads(labels.read_text()).items() if v.get("url")})
    return urls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "shared" / "datasets")
    args = parser.parse_args()
    urls = _urls(args.data)
    tally: Counter[str] = Counter()
    differ: dict[str, list[str]] = {"txt": [], "mhtml": []}
    for page in load(args.data):
        raw = gzip.decompress(page.html.read_bytes())
        url = urls.get(page.id)
        web = url if url and url.startswith(("http://", "https://")) else None
        html = shape(raw, "page.html")
        html_based = shape(raw, "page.html", web) if web else html
        txt = shape(raw, "page.txt")
        mhtml = shape(as_mhtml(raw, url), "page.mhtml")
        tally["pages"] += 1
        tally["html errors"] += isinstance(html, str)
        tally["txt same"] += txt == html
        tally["mhtml same (same base URL)"] += mhtml == html_based
        tally["mhtml same as .html without base URL"] += mhtml == html
        for key, got, want in (("txt", txt, html), ("mhtml", mhtml, html_based)):
            if got != want:
                differ[key].append(f"{page.dataset}/{page.id[:12]}: {str(got)[:100]!r} != {str(want)[:100]!r}")
    feeds = args.data / "feeds"
    for path in sorted(feeds.glob("*")) if feeds.is_dir() else []:
        if path.suffix not in (".xml", ".rss", ".atom", ".rdf", ".json"):
            continue
        raw = path.read_bytes()
        own = shape(raw, path.name)
        tally["feeds"] += 1
        for suffix in (".txt", ".html"):
            got = shape(raw, "feed" + suffix)
            tally[f"feed as {suffix} same"] += got == own
            if got != own:
                differ.setdefault(f"feed{suffix}", []).append(f"{path.name}: {str(got)[:100]!r} != {str(own)[:100]!r}")
    for key, value in tally.items():
        print(f"{key}: {value}")
    for key, lines in differ.items():
        for line in lines[:10]:
            print(f"differs ({key}): {line}")


if __name__ == "__main__":
    main()
