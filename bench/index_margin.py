"""The index-page test's margin: its signs on every dataset article (all real articles), closest first, by site.

For each input of ``bench.parse_cpu --digest`` (saved pages, copies, synthetic copies) it computes the signs of
``bot.text.indexpage``: different story links, the longest run of text between them, the text before the first,
the share of links to the page's own site, and whether the page calls itself an article (or a video, a
product: any og:type but "website"). An input is at risk when it has ``MIN_LINKS`` links or more and the share;
its margin is then how far its runs are above an index's (``IndexSigns.margin``: the longest run over
``STORY_WORDS``, or the text before the first link over ``LEAD_WORDS``; under 1 is refused). Each site is listed
once (its closest input), so the closest rows are not one site's pages.

    python -m bench.index_margin [--data ../shared/datasets] [--closest 15]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.pagesets import load
from bench.parse_cpu import ROOT, _inputs
from bot.text.indexpage import LEAD_WORDS, MIN_LINKS, SITE_SHARE, STORY_WORDS, IndexSigns


def html_signs(text: str) -> tuple[IndexSigns, bool]:
    """Return a saved page's signs and whether it calls itself an article."""
    import trafilatura

    from bot.ingest.formats.pageindex import page_index_signs
    from bot.ingest.formats.pagemeta import read_page

    tree = trafilatura.load_html(text)
    if tree is None:
        return IndexSigns(0, 0, 0, 0.0), False
    meta, _ = read_page(tree)
    return page_index_signs(tree, meta.url), meta.is_article or meta.og_type not in ("", "website")


def text_signs(name: str, text: str) -> IndexSigns:
    """Return a copy's signs (as the pasted-text reader lays it out)."""
    from bot.text.indexpage import pasted_index_signs
    from bot.text.pasted import paragraph_lines

    return pasted_index_signs(paragraph_lines(text))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "datasets")
    parser.add_argument("--closest", type=int, default=15)
    parser.add_argument("--synthetic", type=int, default=3000)
    args = parser.parse_args(argv)
    hosts = {page.id: page.host for page in load(args.data)}
    rows: list[tuple[str, str, IndexSigns, bool]] = []
    for name, text in _inputs(args.data, args.synthetic):
        kind, _, page_id = name.partition("/")
        if kind == "html":
            signs, declared = html_signs(text)
        else:
            signs, declared = text_signs(name, text), False
        rows.append((name, hosts.get(page_id, "synthetic"), signs, declared))
    index = [r for r in rows if r[2].is_index and not r[3]]
    print(f"{len(rows)} inputs; taken for an index page: {len(index)}")
    for kind in ("html", "text"):
        group = [r for r in rows if (r[0].startswith("html/")) == (kind == "html")]
        at_risk = [r for r in group if r[2].links >= MIN_LINKS and r[2].site_share >= SITE_SHARE and not r[3]]
        closest: dict[str, tuple[str, str, IndexSigns, bool]] = {}
        for row in sorted(at_risk, key=lambda r: r[2].margin):
            closest.setdefault(row[1], row)
        print(
            f"\n{kind}: {len(group)} inputs, {len(at_risk)} with >= {MIN_LINKS} story links of one site "
            f"(>= {SITE_SHARE:.0%}) on {len({r[1] for r in at_risk})} sites; an index's: longest run < {STORY_WORDS} "
            f"and text before the first link < {LEAD_WORDS}"
        )
        print("site | input | links | longest run | before the first | margin")
        for name, host, signs, _ in list(closest.values())[: args.closest]:
            print(f"{host} | {name} | {signs.links} | {signs.longest_run} | {signs.lead_run} | {signs.margin:.2f}")
    for name, host, signs, _ in index:
        print(f"INDEX {host} {name} {signs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
