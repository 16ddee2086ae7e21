"""Make copy-paste texts for labelled pages that have none, the way the datasets' own copies were made.

pages-train holds 150 pages without copy-paste texts (postlight's: headline and date labels, no body). For
training the headline model only, each is rendered as the datasets' READMEs describe: html-text with
``guess_layout=True`` over the page's ``<body>`` after removing what a browser does not show; cut at the first
line that is the labelled headline, to 40 lines below it (``copypaste``), and the same starting 2-6 lines
higher (``copypaste-wide``, the count from a hash of the page id). Pages whose headline is not a line of the
rendering are skipped. Needs the ``train`` extra (html-text).
"""

from __future__ import annotations

import hashlib
import re

from bench.metrics import norm_headline
from bench.pagesets import Page

_BELOW = 40
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def render(html: str) -> list[str]:
    """Return the non-empty lines a browser would show of a page's body, as html-text lays them out."""
    import html_text
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(html.encode("utf-8", "replace"), parser=lxml_html.HTMLParser(encoding="utf-8"))
    except Exception:  # a page lxml cannot read gives no copy
        return []
    body = tree.find(".//body")
    if body is None:
        return []
    for node in list(body.iter("script", "style", "noscript", "template", "svg", "iframe")):
        node.drop_tree()
    for node in list(body.iter()):
        if isinstance(node.tag, str) and (
            node.get("hidden") is not None or _HIDDEN_STYLE.search(node.get("style") or "")
        ):
            node.drop_tree()
    text = html_text.extract_text(body, guess_layout=True)
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def copies_for(page: Page) -> dict[str, str]:
    """Return {copy set: text} made from the page's HTML, or {} when its headline is not a line of it."""
    lines = render(page.html_text())
    wanted = {norm_headline(h) for h in page.headlines}
    at = next((i for i, line in enumerate(lines) if norm_headline(line) in wanted), None)
    if at is None:
        return {}
    lead = 2 + int(hashlib.sha1(page.id.encode(), usedforsecurity=False).hexdigest()[:8], 16) % 5
    return {
        "copypaste": "\n\n".join(lines[at : at + _BELOW]) + "\n",
        "copypaste-wide": "\n\n".join(lines[max(0, at - lead) : at + _BELOW]) + "\n",
    }
