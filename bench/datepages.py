"""Labelled saved pages with a publication day, from pages-train and extraction-dev, each with its site."""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit


@dataclass(frozen=True)
class DatedPage:
    """One saved page whose publication day is labelled."""

    pid: str
    site: str
    html: bytes
    url: str | None
    days: frozenset[str]  # the labelled day and the others a reader would accept


def _host(url: str | None) -> str | None:
    if not url:
        return None
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.") or None


def load(data_dir: Path) -> list[DatedPage]:
    """Return every page with a labelled day; empty when the data sets are absent."""
    pages: list[DatedPage] = []
    train = data_dir / "pages-train"
    if (train / "labels.json").is_file():
        labels = json.loads((train / "labels.json").read_text(encoding="utf-8"))
        prov = json.loads((train / "provenance.json").read_text(encoding="utf-8"))
        manifest = json.loads((train / "copypaste-manifest.json").read_text(encoding="utf-8"))
        for pid, label in sorted(labels.items()):
            if not label.get("published"):
                continue
            site = manifest.get(pid, {}).get("host") or _host(label.get("url")) or pid
            html = gzip.decompress((train / "html" / f"{pid}.html.gz").read_bytes())
            days = frozenset([label["published"], *prov.get(pid, {}).get("published_also_ok", [])])
            pages.append(DatedPage(pid, site, html, label.get("url"), days))
    dev = data_dir / "extraction-dev"
    if (dev / "labels.json").is_file():
        labels = json.loads((dev / "labels.json").read_text(encoding="utf-8"))
        truth = json.loads((dev / "ground-truth.json").read_text(encoding="utf-8"))
        for pid, label in sorted(labels.items()):
            if not label.get("published"):
                continue
            url = label.get("url") or truth.get(pid, {}).get("url")
            html = gzip.decompress((dev / "html" / f"{pid}.html.gz").read_bytes())
            days = frozenset([label["published"], *label.get("published_also_ok", [])])
            pages.append(DatedPage(f"dev-{pid[:12]}", _host(url) or pid, html, url, days))
    return pages
