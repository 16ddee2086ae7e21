"""Odd JSON-LD, metadata of any type and any encoding never make the page readers raise.

Pages write JSON-LD by hand: an author's name as a list, a date as a number, ``@graph`` inside ``@graph``,
a truncated script. Whatever they write, :func:`page_metadata` returns a ``PageMeta`` and the drop-file HTML
parser returns articles or one of the project's own errors.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, date, datetime

import trafilatura
from helpers_scale import assert_own_error
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.ingest.formats import parse_retrieved
from bot.ingest.formats.meta import find_text_date, parse_meta_date
from bot.ingest.formats.pagemeta import PageMeta, ld_text, page_metadata
from bot.models import Retrieved

EXAMPLES = int(os.environ.get("NEWSDIGEST_FUZZ_EXAMPLES", "60"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
NOW = datetime(2025, 10, 17, 9, 30, tzinfo=UTC)

_LD_KEYS = [
    "@type",
    "@graph",
    "@context",
    "@value",
    "headline",
    "name",
    "author",
    "datePublished",
    "dateCreated",
    "dateModified",
    "publisher",
    "url",
    "x",
]
_LD_TYPES = ["NewsArticle", "Article", "WebPage", "Person", "BlogPosting", "Organization"]
_LD_TEXT = ["2025-10-17T21:30:00-05:00", "17 octobre 2025", "2025-13-45", "Ann Lee", "http://x.org/a", "", " "]

ld_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.sampled_from(_LD_TYPES + _LD_TEXT)
    | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(_LD_KEYS), children, max_size=6),
    max_leaves=30,
)
scripts = st.one_of(
    ld_values.map(lambda v: json.dumps(v, allow_nan=True)),
    ld_values.map(lambda v: json.dumps(v)[: max(0, len(json.dumps(v)) - 3)]),  # cut short: malformed
    st.sampled_from(["", "null", "[" * 3000, '{"@graph": ' * 400, "{'single': 'quotes'}", "1e99999", "9" * 5000]),
)
meta_keys = st.sampled_from(["og:title", "article:published_time", "author", "date", "og:url", "description", "x"])
metas = st.lists(st.tuples(meta_keys, st.one_of(st.sampled_from(_LD_TEXT), st.text(max_size=30))), max_size=4)
encodings = st.sampled_from(["utf-8", "utf-16", "latin-1", "cp1252", "shift_jis", "gb2312", "koi8-r"])


def _page(script: str, meta: list[tuple[str, str]], charset: str) -> str:
    heads = "".join(f'<meta property="{k}" content="{json.dumps(v)[1:-1]}">' for k, v in meta)
    return (
        f'<html><head><meta charset="{charset}">{heads}'
        f'<script type="application/ld+json">{script}</script></head>'
        "<body><h1>Tram strike ends</h1><p class='byline'>17 Oct 2025</p>"
        "<article><p>The tram strike ended on Friday after talks that lasted all night long.</p></article>"
        "</body></html>"
    )


@FUZZ
@given(script=scripts, meta=metas)
def test_page_metadata_reads_any_json_ld(script, meta):
    tree = trafilatura.load_html(_page(script, meta, "utf-8"))
    if tree is None:
        return
    found = page_metadata(tree, base_url="https://example.org/a")
    assert isinstance(found, PageMeta)
    for text in (found.title, found.author, found.url, found.site_name, found.description):
        assert text is None or isinstance(text, str)
    assert found.published is None or isinstance(found.published, date)
    if isinstance(found.published, datetime):
        assert found.published.tzinfo is not None


@FUZZ
@given(script=scripts, meta=metas, encoding=encodings)
def test_html_files_in_any_encoding_parse_or_fail_with_our_error(script, meta, encoding):
    data = _page(script, meta, encoding).encode(encoding, "replace")
    try:
        articles = parse_retrieved(Retrieved(data=data, name="p.html", location="/drop/p.html"), now=NOW)
    except Exception as exc:
        assert_own_error(exc)
        return
    assert all(a.title.strip() for a in articles)


@FUZZ
@given(value=ld_values)
def test_ld_text_is_total(value):
    assert isinstance(ld_text(value), str)


@FUZZ
@given(text=st.one_of(st.text(max_size=60), st.sampled_from(_LD_TEXT)))
def test_meta_date_readers_are_total(text):
    value = parse_meta_date(text)
    assert value is None or isinstance(value, date)
    assert find_text_date(text) is None or isinstance(find_text_date(text), date)


def test_author_name_given_as_a_list_is_read():
    ld = {"@type": "NewsArticle", "headline": "H", "author": [{"@type": "Person", "name": ["Ann Lee", "A. Lee"]}]}
    tree = trafilatura.load_html(_page(json.dumps(ld), [], "utf-8"))
    assert page_metadata(tree).author == "Ann Lee"


def test_numbers_and_nulls_in_json_ld_are_ignored():
    ld = {"@graph": [{"@graph": {"@type": "NewsArticle", "headline": 7, "author": None, "datePublished": 20251017}}]}
    tree = trafilatura.load_html(_page(json.dumps(ld), [], "utf-8"))
    found = page_metadata(tree)
    assert found.title == "Tram strike ends"
    assert found.author is None
