"""The labelled pages of ../shared/datasets (extraction-dev and pages-train) as one list, with site folds.

Every page carries its site (URL host without ``www.``), the headlines a reader would accept, the body
ground truth where there is one, and the paths of its saved HTML and copy-paste renditions. Folds are whole
sites: ``fold_of(host)`` hashes the host, so a site is never on both sides of a split and a choice tuned on
some sites is measured on others.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import pairwise
from pathlib import Path
from urllib.parse import urlsplit

from bench.metrics import norm_headline

FOLDS = 5
COPY_SETS = ("copypaste", "copypaste-wide")


@dataclass(frozen=True, slots=True)
class Page:
    """One labelled page."""

    id: str
    dataset: str
    host: str
    headlines: frozenset[str]  # the labelled headline and accepted alternatives, as written
    body: str | None  # the article body ground truth, or None where the set has none
    html: Path
    copies: dict[str, Path]  # copy set name -> .txt path, where the page has one
    # The labelled headline (or an alternative) is shown in the copies as a line (or two lines joined): only then
    # is a reader of the copy asked for it.
    title_in_copy: bool

    @property
    def fold(self) -> int:
        return fold_of(self.host)

    def html_text(self) -> str:
        return gzip.decompress(self.html.read_bytes()).decode("utf-8", "replace")


def fold_of(host: str, folds: int = FOLDS) -> int:
    """Return the fold of a site: a stable hash of its host."""
    return int(hashlib.sha1(host.encode(), usedforsecurity=False).hexdigest(), 16) % folds


def _host(url: str | None, fallback: str) -> str:
    host = urlsplit(url).hostname if url else None
    host = host or fallback
    return host.removeprefix("www.")


def load(data_dir: Path) -> list[Page]:
    """Return every page of extraction-dev and pages-train found under ``data_dir`` (empty when absent)."""
    return [*_extraction_dev(data_dir / "extraction-dev"), *_pages_train(data_dir / "pages-train")]


def shown_as_line(headlines: Iterable[str], copies: Iterable[Path]) -> bool:
    """Tell whether a headline is one of a copy's lines, or two consecutive lines joined, after ``norm_headline``.

    The pages-train manifest's ``title_in_copy`` is also true where the copy was cut "2 lines above the body (no
    headline found)" and the label is only a word inside other lines ("remoteStorage" in every page header of an
    Internet-Draft, a <title> that the page never shows): no reader of the copy can give what it does not show.
    """
    wanted = {norm_headline(h) for h in headlines}
    for path in copies:
        lines = [norm_headline(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        if any(line in wanted for line in lines) or any(f"{a} {b}" in wanted for a, b in pairwise(lines)):
            return True
    return False


def _copies(root: Path, page_id: str) -> dict[str, Path]:
    return {name: root / name / f"{page_id}.txt" for name in COPY_SETS if (root / name / f"{page_id}.txt").is_file()}


def _extraction_dev(root: Path) -> list[Page]:
    if not (root / "labels.json").is_file():
        return []
    labels = json.loads((root / "labels.json").read_text())
    truth = json.loads((root / "ground-truth.json").read_text())
    manifest = json.loads((root / "copypaste-manifest.json").read_text())
    out = []
    for page_id, label in sorted(labels.items()):
        heads = {label["headline"], *(label.get("headline_also_ok") or [])} - {None}
        out.append(
            Page(
                id=page_id,
                dataset="extraction-dev",
                host=manifest.get(page_id, {}).get("host") or _host(label.get("url"), page_id),
                headlines=frozenset(heads),
                body=truth.get(page_id, {}).get("articleBody"),
                html=root / "html" / f"{page_id}.html.gz",
                copies=_copies(root, page_id),
                title_in_copy=True,
            )
        )
    return out


def _pages_train(root: Path) -> list[Page]:
    if not (root / "labels.json").is_file():
        return []
    labels = json.loads((root / "labels.json").read_text())
    provenance = json.loads((root / "provenance.json").read_text())
    manifest = json.loads((root / "copypaste-manifest.json").read_text())
    out = []
    for page_id, label in sorted(labels.items()):
        prov = provenance.get(page_id, {})
        heads = {label["title"], *(prov.get("title_also_ok") or [])} - {None}
        man = manifest.get(page_id, {})
        copies = _copies(root, page_id)
        out.append(
            Page(
                id=page_id,
                dataset="pages-train",
                host=(man.get("host") or _host(label.get("url"), page_id)).removeprefix("www."),
                headlines=frozenset(heads),
                body=label.get("body"),
                html=root / "html" / f"{page_id}.html.gz",
                copies=copies,
                title_in_copy=bool(man.get("title_in_copy", True))
                and (not copies or shown_as_line(heads, copies.values())),
            )
        )
    return out
