"""A headline's site affix: "Headline | The Daily Example", "Opinion - Headline".

The one rule for saved pages and web clippers' files (their title is the page's <title>).
"""

from __future__ import annotations

import re

__all__ = ["affix_variants", "norm_title", "strip_named_site", "strip_site_affix", "without_host_tag"]

_SEPARATORS = re.compile(r"\s+(?:\||-|\u2013|\u2014|::|\u00b7|\u2022|/|:)\s+")

# A link aggregator's title names the linked page's host in brackets after it: "Tartu opens its bus data (tartu.ee)".
_HOST_TAG = re.compile(r"\s+\((?:www\.)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,24}(?:/[^\s()]*)?\)$", re.I)
_HOST_TAGGED_WORDS = 3


def without_host_tag(title: str) -> str:
    """Return a title without the bracketed host a link aggregator (Hacker News, Lobsters) shows after it."""
    tag = _HOST_TAG.search(title)
    if tag is None or len(title[: tag.start()].split()) < _HOST_TAGGED_WORDS:
        return title
    return title[: tag.start()]


def affix_variants(title: str) -> list[str]:
    """Return the title and every prefix and suffix of it cut at a separator (" | ", " - ", ...)."""
    variants = [title]
    for found in _SEPARATORS.finditer(title):
        variants += [title[: found.start()].strip(), title[found.end() :].strip()]
    return [v for v in variants if v]


def strip_site_affix(title: str, site: str | None) -> str:
    """Drop a site name before or after a separator: "Headline | Site", "Site - Headline", "Opinion | X"."""
    parts = _SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    site_norm = norm_title(site) if site else None
    while len(parts) > 1:
        first, last = parts[0], parts[-1]
        if site_norm and norm_title(last) in (site_norm, site_norm.replace(" ", "")):
            parts = parts[:-1]
        elif site_norm and norm_title(first) == site_norm:
            parts = parts[1:]
        elif len(last.split()) <= 3 and len(" ".join(parts[:-1]).split()) >= 3:
            parts = parts[:-1]
        elif (
            len(first.split()) <= 2
            and len(" ".join(parts[1:]).split()) >= 4
            and re.match(re.escape(first) + r"\s*\|", title.lstrip())
        ):
            parts = parts[1:]
        else:
            break
    kept = " ".join(parts)
    # Join with the original separators by finding the kept span in the title.
    start = title.find(parts[0])
    end = title.rfind(parts[-1]) + len(parts[-1])
    return title[start:end].strip() if start >= 0 and end > start else kept


def strip_named_site(title: str, site: str) -> str:
    """Drop the site's own name, and only it, after or before a separator: "Headline - Harbour Weekly".

    For a title whose site is known from elsewhere (a news API's record names its source): a short last part
    that is not the site's name is the headline's own ("Ferry fares rise - again").
    """
    parts = _SEPARATORS.split(title)
    site_norm = norm_title(site)
    if len(parts) < 2 or not site_norm:
        return title
    if norm_title(parts[-1]) in (site_norm, site_norm.replace(" ", "")):
        return title[: title.rfind(parts[-1])].rstrip(" |-\u2013\u2014:\u00b7\u2022/")
    if norm_title(parts[0]) == site_norm:
        return title[title.find(parts[0]) + len(parts[0]) :].lstrip(" |-\u2013\u2014:\u00b7\u2022/")
    return title


def norm_title(text: str) -> str:
    """Fold quotes, dashes, spaces, soft hyphens and case so two spellings of one headline compare equal."""
    text = text.replace("\u00ad", "")  # "Bundes&shy;regierung" in the page's heading, not in its <title>
    text = re.sub(r"[\u2018\u2019`]", "'", text)
    text = re.sub(r"[\u201c\u201d]", '"', text)
    text = re.sub(r"[\u2010-\u2015]", "-", text)
    return " ".join(text.split()).casefold()
