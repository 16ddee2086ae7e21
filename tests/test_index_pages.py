"""Home, section, tag, search and archive pages are refused with their reason; articles shaped like them are kept.

Issue 12 item 4: a page of story links read as one article made a nonsense story (a headline from one teaser or the
site's name, a body of unrelated snippets). The fixtures are in ``index_pages.py``.
"""

from __future__ import annotations

import json
import re
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from index_pages import INDEXES, NEAR_MISSES
from test_hostile_cli import cli, settled

from bot.errors import ParseError
from bot.ingest.formats import parse_retrieved
from bot.models import Retrieved
from bot.text.indexpage import IndexSigns, Piece, index_signs, link_host, story_link

NOW = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)
NOTE = "story links (a home, section or search page), not one article: save the story's own page"
KEPT_TITLES = {
    "related-en": "Harbour ferry to run on batteries from spring",
    "related-bare-en": "Harbour ferry to run on batteries from spring",
    "live-en": "Storm Example live: roads and ferries closed across the bay",
    "listicle-en": "7 best winter walks around the bay",
    "roundup-en": "The week on the coast: eight stories worth your time",
    "linked-en": "Council backs electric harbour ferry",
    "short-sidebar-en": "Ferry timetable changes on Monday",
    "pasted-related-en": "Harbour ferry to run on batteries from spring",
    "pasted-live-en": "Storm Example live: roads and ferries closed across the bay",
    "pasted-listicle-en": "7 best winter walks around the bay",
    "markdown-roundup-en": "The week on the coast",
    "markdown-listicle-en": "7 best winter walks around the bay",
}


def _retrieved(name: str, suffix: str, text: str) -> Retrieved:
    return Retrieved(data=text.encode(), name=name + suffix, location=name + suffix)


@pytest.mark.parametrize(("name", "suffix", "text"), INDEXES, ids=[i[0] for i in INDEXES])
def test_an_index_page_is_refused_saying_how_many_story_links_it_holds(name, suffix, text):
    with pytest.raises(ParseError, match=r"a page of \d+ story links") as refused:
        parse_retrieved(_retrieved(name, suffix, text), now=NOW)
    assert NOTE in str(refused.value)


@pytest.mark.parametrize(("name", "suffix", "text"), NEAR_MISSES, ids=[i[0] for i in NEAR_MISSES])
def test_an_article_shaped_like_an_index_is_kept_whole(name, suffix, text):
    (article,) = parse_retrieved(_retrieved(name, suffix, text), now=NOW)
    assert article.title == KEPT_TITLES[name]
    assert sum(len(p.split()) for p in article.body) >= 30  # the story's text, not a teaser's snippet


def test_the_signs_count_different_headlines_and_the_longest_run_of_text():
    teasers = [Piece(f"Headline number {n} of the day", "") for n in range(5)]
    snippet = Piece("A snippet of twenty words " * 4)
    pieces = [Piece("Tag: transport"), *(x for t in teasers for x in (t, snippet)), teasers[0]]
    signs = index_signs(pieces)
    assert signs == IndexSigns(links=5, longest_run=20, lead_run=2, site_share=1.0)
    assert signs.is_index
    story = Piece("word " * 80)
    assert not index_signs([*pieces[:3], story, *pieces[3:]]).is_index  # a story's run among the teasers
    assert not index_signs([Piece("word " * 40), *pieces]).is_index  # a short story over its related links
    assert not index_signs(pieces[:6]).is_index  # four headlines: a related box
    abroad = [Piece(p.text, f"paper{n}.example") if p.site is not None else p for n, p in enumerate(pieces)]
    assert not index_signs(abroad, own_known=True).is_index  # a roundup of other papers' stories
    assert not index_signs(abroad).is_index


def test_a_story_link_reads_as_a_headline_and_a_site_is_its_registered_name():
    assert story_link("Harbour ferry to run on batteries")
    assert not story_link("Read more")
    assert not story_link("4 yr. ago")
    assert not story_link("December 3, 2026")
    assert link_host("https://www.news.example.co.uk/a") == "example.co.uk"
    assert link_host("https://edition.example.com/a", "example.com") == ""
    assert link_host("/world/story") == ""


def _write_all(folder: Path) -> None:
    folder.mkdir()
    for name, suffix, text in (*INDEXES, *NEAR_MISSES):
        (folder / (name + suffix)).write_text(text, encoding="utf-8")
    settled(folder)


def test_parse_json_gives_each_index_page_its_reason_and_each_near_miss_its_article(tmp_path):
    _write_all(tmp_path / "pages")
    done = cli(tmp_path, "parse", str(tmp_path / "pages"), "--json", timeout=180)
    assert done.returncode == 1, done.stderr  # the index pages failed; the articles were read all the same
    records = {Path(r["path"]).name: r for r in map(json.loads, done.stdout.splitlines())}
    for name, suffix, _ in INDEXES:
        assert NOTE in records[name + suffix]["error"], name
    for name, suffix, _ in NEAR_MISSES:
        assert records[name + suffix]["title"] == KEPT_TITLES[name]


def test_a_drop_folder_quarantines_index_pages_with_the_reason_and_stores_the_articles(tmp_path):
    drop, db = tmp_path / "drop", tmp_path / "news.db"
    _write_all(drop)
    done = cli(tmp_path, "--db", str(db), "ingest", "--archive", str(drop), timeout=180)
    counts = re.search(r"new: (\d+)  duplicate: (\d+)  quarantined: (\d+)  failed: (\d+)", done.stdout)
    assert counts is not None, done.stderr
    new, duplicate, quarantined, failed = map(int, counts.groups())
    # Every article stored (the same story saved and pasted may be taken for one), every index page quarantined.
    assert (new + duplicate, quarantined, failed) == (len(NEAR_MISSES), len(INDEXES), 0)
    for name, suffix, _ in INDEXES:
        assert NOTE in (drop / "quarantine" / f"{name}{suffix}.why.txt").read_text(encoding="utf-8")
    assert sorted(p.name for p in (drop / "archive").iterdir()) == sorted(n + s for n, s, _ in NEAR_MISSES)
    with sqlite3.connect(db) as connection:
        titles = sorted(row[0] for row in connection.execute("SELECT title FROM articles"))
    assert sorted(set(titles)) == sorted(set(KEPT_TITLES.values()))
