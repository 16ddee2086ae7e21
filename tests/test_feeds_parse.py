"""Parsing feed bytes: formats sniffed from content, encodings, dates, clean text, titles and identity keys."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from urllib.parse import quote

import pytest

from bot.errors import ParseError
from bot.ingest.feedhtml import entry_paragraphs, html_to_paragraphs, links_only, title_from_link
from bot.ingest.feedraw import parse_date
from bot.ingest.feeds import parse_feed, sniff, without_publisher
from bot.ingest.xmlfeed import decode_bytes
from bot.text.identity import fold_guid
from bot.text.paragraphs import title_from_text

DATA = Path(__file__).parent / "data" / "feeds"
NOW = datetime(2025, 10, 17, 9, 0, tzinfo=UTC)


def parse(name: str, **kwargs):
    return parse_feed((DATA / name).read_bytes(), now=NOW, **kwargs)


def test_rss2_entries_text_dates_and_keys():
    feed = parse("rss2.xml", base_url="https://gazette.example/rss.xml")
    assert feed.title == "Harbour Town Gazette"
    first, library, untitled, future, undated = feed.entries
    assert first.article.url == "https://gazette.example/news/ferry-winter?utm_source=rss&utm_medium=feed"
    assert first.article.body == (
        "The harbour ferry moves to its winter timetable next week.",
        "Crossings at dawn are cut; the evening boat leaves half an hour earlier.",
    )
    assert "alert" not in first.article.text
    assert first.article.published == datetime(2025, 10, 16, 6, 30, tzinfo=UTC)
    assert first.article.author == "Mira Okafor"
    assert first.keys == ("guid:gazette-ferry-2025-10", "url:https://gazette.example/news/ferry-winter")
    assert first.article.key_points
    # No GUID: link, then title + date.
    assert library.keys == (
        "url:https://gazette.example/news/repair-cafe",
        "title:library opens a repair café|2025-10-15T17:00:00+00:00",
    )
    # No title: the first sentence stands in, shortened.
    assert untitled.article.title.startswith("The council has agreed to replace every lamp")
    assert len(untitled.article.title) <= 91
    # A future date is clamped to first-seen; a missing one is first-seen.
    assert future.article.published == NOW
    assert undated.article.published == NOW
    assert undated.article.body[0] == "What changes"
    assert "First point." in undated.article.body
    for entry in feed.entries:
        published = entry.article.published
        assert isinstance(published, datetime)
        assert published.tzinfo is not None
    # The offset the feed printed is kept (its readers' day), the instant is the same.
    assert first.article.published.utcoffset() == timedelta(hours=2)
    assert first.article.published.hour == 8


def test_atom_with_xml_base_and_html_title():
    feed = parse("atom.xml", base_url="https://observatory.example/atom.xml")
    comet, night = feed.entries
    assert comet.article.title == "Comet Lindqvist visible at dusk"
    assert comet.article.url == "https://observatory.example/blog/posts/comet-lindqvist"
    assert comet.article.published == datetime(2025, 10, 17, 0, 45, tzinfo=UTC)
    assert comet.article.body == ("Look low in the west an hour after sunset.", "Binoculars help; see our chart.")
    assert night.article.url == "https://observatory.example/blog/posts/open-night"
    assert night.article.published == datetime(2025, 10, 15, 9, 0, tzinfo=UTC)


def test_rss1_rdf_and_rss091():
    rdf = parse("rdf.xml")
    assert [e.article.title for e in rdf.entries] == ["Barley seeds stored for forty years still sprout"]
    assert rdf.entries[0].article.published == date(2025, 9, 30)
    old = parse("rss091.xml")
    assert old.title == "Old Mill Radio"
    assert old.entries[0].article.url == "http://mill.example/tonight"
    assert old.entries[0].article.published == NOW


def test_json_feed():
    feed = parse("feed.json", content_type="application/feed+json")
    assert feed.title == "Tram Works Diary"
    rails, note = feed.entries
    assert rails.article.url == "https://trams.example/diary/rails-day-3"
    assert rails.article.author == "Sam Reyes"
    assert rails.article.published == datetime(2025, 10, 16, 5, 0, tzinfo=UTC)
    assert rails.article.body[1] == "Elm Street reopens to cars on Friday."
    assert note.article.title == "Buses replace trams on line 4 this weekend"
    assert note.article.published == datetime(2025, 10, 15, 18, 0, tzinfo=UTC)
    assert note.article.author == "Depot Desk"
    assert note.keys[0] == "guid:note-17"


def test_rss_in_json_keeps_entries_that_share_a_page():
    feed = parse("rss-in.json")
    assert feed.title == "Morning Notes"
    rain, podcast = feed.entries
    assert rain.article.title == "Rain again this morning"
    assert podcast.article.title == "Podcast format question"
    # Both link to one day page that differs only by #fragment: kept apart by GUID, not merged by link.
    assert rain.keys != podcast.keys
    assert rain.article.guid == "http://notes.example/2025/10/16.html#a0700"


def test_sniffing_ignores_names_and_headers():
    assert sniff((DATA / "feed.json").read_bytes(), "text/xml") == "json"
    assert sniff((DATA / "atom.xml").read_bytes(), "application/json") == "xml"
    assert sniff((DATA / "page.html").read_bytes()) == "html"
    assert sniff(b"\xef\xbb\xbf  \n<rss version='2.0'><channel/></rss>") == "xml"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("page.html", "looks like an HTML page"),
        ("challenge.html", "bot-check"),
        ("truncated.json", "truncated JSON"),
    ],
)
def test_unusable_input_fails_in_plain_words(name, message):
    with pytest.raises(ParseError, match=message):
        parse(name)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (b"hello, world", "neither XML nor JSON"),
        (b'{"name": "not a feed"}', "neither a JSON Feed"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'></svg>", "neither RSS nor Atom"),
        (b"[1, 2, 3]", "neither a JSON Feed"),
    ],
)
def test_garbage_is_a_parse_error(data, message):
    with pytest.raises(ParseError, match=message):
        parse_feed(data, now=NOW)


def test_survivable_malformed_feed_is_used():
    broken = (DATA / "rss091.xml").read_bytes().replace(b"</channel>", b"<unclosed></channel>")
    feed = parse_feed(broken, now=NOW)
    assert [e.article.title for e in feed.entries] == ["Tonight: folk songs from the valley"]


@pytest.mark.parametrize("name", ["rss2.xml", "atom.xml", "rdf.xml"])
def test_a_document_cut_off_inside_an_entry_is_truncated_not_half_read(name):
    data = (DATA / name).read_bytes()
    last_open = max(data.rfind(b"<item"), data.rfind(b"<entry"))
    cut = data[: last_open + (data.index(b">", last_open) - last_open) + 20]  # 20 bytes into the last entry
    with pytest.raises(ParseError, match=r"truncated XML: it stops in the middle of an entry \(line \d+\)"):
        parse_feed(cut, now=NOW)
    # Cut between two entries, the complete ones are all there is: read.
    whole = len(parse_feed(data, now=NOW).entries)
    assert len(parse_feed(data[:last_open], now=NOW).entries) == whole - 1


def test_an_entry_left_unclosed_in_a_closed_document_is_read():
    data = (
        b"<rss version='2.0'><channel><title>t</title>"
        b"<item><title>Closed</title><link>https://x.example/1</link></item>"
        b"<item><title>Left open</title><link>https://x.example/2</link>"
        b"</channel></rss>\n"
    )
    assert [e.article.title for e in parse_feed(data, now=NOW).entries] == ["Closed", "Left open"]


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("utf8-declared.xml", "application/rss+xml; charset=iso-8859-1"),  # header lies, declaration right
        ("latin1-declared.xml", "application/rss+xml; charset=utf-8"),  # header lies, declaration right
        ("latin1-declared.xml", None),
        ("bom.xml", "text/xml; charset=windows-1252"),
    ],
)
def test_encodings(name, content_type):
    feed = parse(name, content_type=content_type)
    assert feed.title == "Café Crème Weekly"
    assert feed.entries[0].article.title == "Crème brûlée night at the café"
    assert feed.entries[0].article.body == ("Déjà vu: the crème brûlée returns, naïvely sweet.",)


def test_gb2312_is_read_as_gb18030_with_numeric_dates():
    feed = parse("gb2312.xml", content_type="text/xml")
    assert feed.title == "钱币论坛"
    assert [e.article.title for e in feed.entries] == ["出售纪念币一套", "收购老银元"]
    assert feed.entries[0].article.published == datetime(2025, 10, 16, 14, 33, tzinfo=UTC)
    assert feed.entries[1].article.published == datetime(2025, 10, 15, 9, 5, tzinfo=UTC)


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_and_without_bom(codec):
    text = (DATA / "utf8-declared.xml").read_text(encoding="utf-8").replace('encoding="utf-8"', 'encoding="utf-16"')
    feed = parse_feed(text.encode(codec), now=NOW)
    assert feed.entries[0].article.title == "Crème brûlée night at the café"


def test_decode_bytes_prefers_what_decodes():
    assert decode_bytes("naïve".encode(), "text/xml; charset=latin-1") == "naïve"
    assert decode_bytes("naïve".encode("latin-1"), "text/xml; charset=utf-8") == "naïve"
    assert decode_bytes("\u20ac".encode("cp1252"), None) == "\u20ac"


def test_undated_entries_with_one_title_are_told_apart_by_text():
    data = (
        b"<rss version='2.0'><channel><title>t</title>"
        b"<item><title>Weekly notes</title><description>First week.</description></item>"
        b"<item><title>Weekly notes</title><description>Second week.</description></item>"
        b"</channel></rss>"
    )
    one, two = parse_feed(data, now=NOW).entries
    assert one.keys != two.keys
    assert parse_feed(data, now=NOW).entries[0].keys == one.keys


def test_a_guid_shared_by_several_entries_is_not_their_identity():
    data = (
        b"<rss version='2.0'><channel><title>t</title>"
        b"<item><title>One</title><guid>same</guid><link>https://x.example/1</link></item>"
        b"<item><title>Two</title><guid>same</guid><link>https://x.example/2</link></item>"
        b"</channel></rss>"
    )
    one, two = parse_feed(data, now=NOW).entries
    assert one.keys[0] == "url:https://x.example/1"
    assert two.keys[0] == "url:https://x.example/2"


def test_json_plain_text_keeps_angle_brackets():
    doc = {"version": "https://jsonfeed.org/version/1", "items": [{"id": "1", "content_text": "a<b and c>d\n\nnext"}]}
    [entry] = parse_feed(json.dumps(doc).encode(), now=NOW).entries
    assert entry.article.body == ("a<b and c>d", "next")


def test_json_feed_titles_are_plain_text_with_character_references_read_once():
    # JSON Feed makes a title plain text: a post about two tags names them; generators still write "&amp;".
    items = [
        {"id": "1", "title": "Die Rückkehr von <i> und <b>", "content_text": "Tags are back."},
        {"id": "2", "title": "Add Task &amp; Sub Tasks, &#8216;quoted&#8217;", "content_text": "A workflow."},
        {"id": "3", "title": "Why &lt;video&gt; beats GIFs", "content_text": "Smaller files."},
    ]
    doc = {"version": "https://jsonfeed.org/version/1.1", "title": "Notes <b>&amp;</b> links", "items": items}
    feed = parse_feed(json.dumps(doc).encode(), now=NOW)
    assert feed.title == "Notes <b>&</b> links"
    assert [e.article.title for e in feed.entries] == [
        "Die Rückkehr von <i> und <b>",
        "Add Task & Sub Tasks, \u2018quoted\u2019",
        "Why <video> beats GIFs",
    ]


def test_guid_scheme_is_folded():
    assert fold_guid("http://example.com/a") == fold_guid("https://example.com/a") == "//example.com/a"
    assert fold_guid("tag:x,2025:1") == "tag:x,2025:1"


def test_guid_changing_scheme_gives_the_same_first_key():
    http = (DATA / "rss2.xml").read_bytes()
    https = http.replace(b"<guid>https://gazette.example/news/regatta", b"<guid>http://gazette.example/news/regatta")
    before = parse_feed(http, now=NOW).entries[3]
    after = parse_feed(https, now=NOW).entries[3]
    assert before.keys[0] == after.keys[0]


def test_html_to_paragraphs():
    html = "<div><h2>Head</h2>Intro text<br>second line<p>One <i>two</i>&nbsp;three</p><style>p{}</style>tail</div>"
    assert html_to_paragraphs(html) == ["Head", "Intro text second line", "One two three", "tail"]
    assert html_to_paragraphs("plain &amp; simple") == ["plain & simple"]
    assert html_to_paragraphs("") == []


def test_title_from_text():
    assert title_from_text(["Short one. Then more."]) == "Short one. Then more"
    long = "word " * 40
    title = title_from_text([long])
    assert title.endswith("\u2026")
    assert len(title) <= 91
    assert title_from_text(["Good morning to all of you! And more."]) == "Good morning to all of you!"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thu, 16 Oct 2025 08:30:00 +0200", datetime(2025, 10, 16, 6, 30, tzinfo=UTC)),
        ("2025-10-16T08:30:00+02:00", datetime(2025, 10, 16, 6, 30, tzinfo=UTC)),
        ("2025-10-16T08:30", datetime(2025, 10, 16, 8, 30, tzinfo=UTC)),
        ("2020/1/10 14:33:00", datetime(2020, 1, 10, 14, 33, tzinfo=UTC)),
        ("2019-08-27", date(2019, 8, 27)),  # a bare day stays a day: no reader is shown the day before
        ("Mon, 26 Jun 2017 19:40:58 GMT", datetime(2017, 6, 26, 19, 40, 58, tzinfo=UTC)),
        ("yesterday", None),
        ("2025-13-45", None),
    ],
)
def test_parse_date(text, expected):
    assert parse_date(text) == expected


def test_feed_dates_keep_the_offset_they_print_and_their_entry_keys_do_not_move():
    # An evening in New York is that evening for the feed's readers, not 01:24 UTC the next day.
    evening = parse_date("Mon, 06 Oct 2025 21:24:00 -0400")
    assert evening is not None
    assert (evening.day, evening.hour, evening.utcoffset()) == (6, 21, timedelta(hours=-4))
    assert evening == datetime(2025, 10, 7, 1, 24, tzinfo=UTC)
    iso = parse_date("2025-10-06T21:24:00-04:00")
    assert iso == evening
    assert iso is not None
    assert iso.utcoffset() == timedelta(hours=-4)
    # Offsets no clock can show, and instants past the calendar's ends, are no date at all.
    assert parse_date("2025-10-06T21:24:00+99:00") is None
    assert parse_date("9999-12-31T23:00-14:00") is None
    # A title key (no GUID) is made from the instant: the same entry read before and after this change.
    from bot.models import Article
    from bot.text.identity import identify

    article = Article(title="Weekly notes", body=("Text.",))
    printed = identify(article, feed_entry=True, dated=evening)
    as_utc = identify(article, feed_entry=True, dated=evening.astimezone(UTC))
    assert printed.keys == as_utc.keys
    assert printed.keys[-1].endswith("2025-10-07T01:24:00+00:00")


def test_an_entry_with_nothing_but_a_link_no_one_can_follow_is_no_article():
    """It was stored as an "(untitled)" story without text, and shown in the digest, without its link."""
    items = "".join(
        f"<item>{inner}</item>"
        for inner in (
            "<link>javascript:alert(1)</link>",
            "<link>data:text/html,hello</link>",
            "<link>https://quay.example/p/4411</link>",
            "<title>Quay lamps</title><link>javascript:alert(2)</link>",
        )
    )
    feed = parse_feed(f"<rss version='2.0'><channel><title>Q</title>{items}</channel></rss>".encode(), now=NOW)
    assert [(e.article.title, e.article.url) for e in feed.entries] == [
        ("(untitled)", "https://quay.example/p/4411"),  # a headline-less link is still news
        ("Quay lamps", None),  # the story kept, its link not: no output hands it on (not even --json)
    ]


def _numbered_feed(days: list[int | None]) -> bytes:
    items = "".join(
        f"<item><title>Quay works, note {n}</title><guid>n{n}</guid>"
        + (f"<pubDate>{day:02d} Oct 2025 08:00:00 GMT</pubDate>" if day else "")
        + "</item>"
        for n, day in enumerate(days)
    )
    return f"<rss version='2.0'><channel><title>Quay</title>{items}</channel></rss>".encode()


def test_a_feed_listing_too_many_entries_gives_its_newest_in_document_order(caplog):
    """A document of 100,000 entries tied up a poller's thread for about two minutes at each poll."""
    data = _numbered_feed([3, None, 9, 1, None, 7])

    def titles(count: int) -> list[int]:
        feed = parse_feed(data, now=NOW, entries_max=count)
        return [int(e.article.title.rsplit(" ", 1)[1]) for e in feed.entries]

    assert titles(3) == [0, 2, 5]  # the 9th, the 7th and the 3rd, in the order the feed lists them
    assert titles(5) == [0, 1, 2, 3, 5]  # every dated one, then the first undated one
    assert "feed Quay lists 6 entries: only the 5 newest are read" in caplog.text
    assert len(parse_feed(data, now=NOW, entries_max=None).entries) == 6


def test_the_entry_bound_is_a_feed_by_urls_and_a_dropped_feed_file_is_read_whole():
    from bot.ingest.feeds import ENTRIES_MAX
    from bot.ingest.formats import parse_retrieved
    from bot.models import Retrieved

    data = _numbered_feed([None] * (ENTRIES_MAX + 5))
    assert len(parse_feed(data, now=NOW, key_points=0).entries) == ENTRIES_MAX
    archive = parse_retrieved(Retrieved(data=data, name="quay.rss", location="quay.rss"), now=NOW, key_points=0)
    assert len(archive) == ENTRIES_MAX + 5


def test_aggregator_entries_lose_the_publisher_suffix_and_their_lists_of_links():
    """A news search's entry: its headline without " - Publisher", and no other story's headline as its text."""
    news, other_name, comments, forum, link_blog, podcast = parse("aggregator.xml").entries
    assert news.article.title == "Harbour ferry moves to winter timetable next week"
    assert news.article.body == ()
    assert news.article.key_points == ()
    assert news.article.summary is None
    # Only the name the entry gives as its source goes; the headline's own " | " stays.
    assert other_name.article.title == "Ferry operator | a headline of its own - Coast Weekly"
    assert other_name.article.body == ()
    # "Comments", "submitted by /u/name [link] [comments]": links, not text.
    assert comments.article.title == "Show: a ferry timetable as a calendar feed"
    assert comments.article.body == ()
    assert forum.article.body == ()
    # Text inside links is still text: a link blog's sentence, a podcast's description linked to its audio.
    assert link_blog.article.body[0] == "Of course the gulls have learned the new ferry timetable."
    assert podcast.article.body == (
        "We talk to the harbour master about the winter timetable She explains why the dawn crossing was cut and"
        " what replaces it for the island's workers.",
    )


@pytest.mark.parametrize(
    ("title", "publisher", "expected"),
    [
        ("Ferry cut - Harbour Town Gazette", "Harbour Town Gazette", "Ferry cut"),
        ("Ferry cut | HARBOUR town gazette", "Harbour Town Gazette", "Ferry cut"),
        ("Ferry cut \u2014 Gazette", "Gazette", "Ferry cut"),
        ("Ferry cut - Gazette", "Weekly", "Ferry cut - Gazette"),
        ("Gazette", "Gazette", "Gazette"),
        (" - Gazette", "Gazette", " - Gazette"),
        ("Ferry cut - Gazette", "", "Ferry cut - Gazette"),
        ("The Gazette", "Gazette", "The Gazette"),
        # Case folded as written: "ß" folds to two letters, which must not shift where the name starts.
        ("Straßenbahn kommt - Die Straße", "die strasse", "Straßenbahn kommt - Die Straße"),
        ("Straßenbahn kommt - DIE ZEITUNG", "Die Zeitung", "Straßenbahn kommt"),
    ],
)
def test_without_publisher(title: str, publisher: str, expected: str):
    assert without_publisher(title, publisher) == expected


@pytest.mark.parametrize(
    ("fragment", "expected"),
    [
        ('<a href="/a">Ferry cut</a>&nbsp;<font>Gazette</font>', True),
        ('<ul><li><a href="/a">Ferry cut</a> Gazette</li><li><a href="/b">Gulls return</a> Weekly</li></ul>', True),
        ('<p><a href="/a">Ferry cut</a></p><p>The ferry moves to winter times.</p>', False),
        ('<a href="/a">The ferry moves to winter times.</a>', False),
        ('<a href="/a">' + "word " * 31 + "</a>", False),
        ("<p>no link at all</p>", False),
        ('<a href="/a"><img src="x.png"></a>', False),
        ("", False),
        (None, False),
        ('<a href="/a">Ferry cut</a> by the harbour council this week in a quiet vote', False),
        ('<a href="/a"><p>Ferry cut</p></a>', False),
        ('<a href="/a">\x01Ferry\x02 cut\x02\x01</a>', True),
    ],
)
def test_links_only(fragment: str | None, expected: bool):
    assert links_only(fragment) is expected


def test_the_links_a_feed_closes_an_entry_with_are_not_its_text():
    wordpress, link_blog, relative, podcast, read_on = parse("closing-links.xml").entries
    # "The post ... appeared first on ...": a closing line linking back to the entry.
    assert wordpress.article.body == (
        "The harbour ferry moves to its winter timetable next week, the operator said on Wednesday.",
        "Crossings at dawn are cut and the evening boat leaves half an hour earlier.",
    )
    # A glyph linked goes; the sentence before it stays, though it links to the entry's own link.
    assert link_blog.article.body[-1] == "They are there before the passengers, every morning."
    assert len(link_blog.article.body) == 2
    # A relative link back to the same page, under another spelling of its address.
    assert relative.article.body == (
        "The timetable is printed at the pier and on the council's pages for the whole winter season.",
    )
    # A list of links is the entry's (show notes): not cut at its last item.
    assert podcast.article.body[-3:] == ("Harbour ferry", "Harbour gulls", "The pier")
    # A lone "Read it on ..." line goes, and is no key point.
    assert read_on.article.body == ("The evening boat was full again tonight, with bicycles stacked on the deck.",)
    assert all("Read it on" not in point for point in read_on.article.key_points)


def test_entry_paragraphs_is_html_to_paragraphs_without_closing_links():
    html = '<p>One <a href="/x">two</a> three.</p><div><a href="https://a.example/b">\u2605</a></div>'
    assert entry_paragraphs(html, ("https://a.example/c", "")) == ["One two three."]
    assert html_to_paragraphs(html) == ["One two three.", "\u2605"]
    plain = "<p>No links here.</p><p>None at all.</p>"
    assert entry_paragraphs(plain, ()) == html_to_paragraphs(plain)
    assert entry_paragraphs(None, ()) == []
    # Marks of the walk inside the input are not taken for the walk's own.
    assert entry_paragraphs('<p>a\x01b\x03c\x02d <a href="/x">e</a> f.</p>', ()) == ["abcd e f."]


def test_buttons_and_share_bars_of_a_post_are_not_its_text():
    """A newsletter platform's post in its feed: "Subscribe now", "Share", "Leave a comment" were paragraphs."""
    html = (
        "<p>The ferry moves to its winter timetable next week.</p>"
        '<p class="button-wrapper"><a class="button primary" href="/subscribe"><span>Subscribe now</span></a></p>'
        "<p>Crossings at dawn are cut.</p>"
        '<div class="wp-block-buttons"><div class="wp-block-button"><a href="/x">Jetzt abonnieren</a></div></div>'
        '<div class="share-bar"><a href="/s">Share</a> <a href="/c">Leave a comment</a></div>'
        '<p class="kg-btn">Teilen</p><p class="shared-note">A class that only holds the word stays.</p>'
    )
    assert html_to_paragraphs(html) == [
        "The ferry moves to its winter timetable next week.",
        "Crossings at dawn are cut.",
        "A class that only holds the word stays.",
    ]


def test_a_plain_text_description_keeps_its_line_breaks():
    """A video site's media:description is plain text: its list of chapters was one line, then a key point."""
    feed = b"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xmlns:media="http://search.yahoo.com/mrss/">
 <title>Harbour Council TV</title>
 <entry>
  <id>video:abc123</id>
  <title>Full council meeting: the ferry timetable</title>
  <link rel="alternate" href="https://video.example/watch?v=abc123"/>
  <published>2025-10-16T18:00:00+00:00</published>
  <media:group>
   <media:title>Full council meeting: the ferry timetable</media:title>
   <media:description>The council debates the ferry's winter timetable. The dawn crossing is cut from next week.

Chapters:
00:00 Opening
12:30 The ferry debate</media:description>
  </media:group>
 </entry>
</feed>"""
    (entry,) = parse_feed(feed, now=NOW).entries
    assert entry.article.body == (
        "The council debates the ferry's winter timetable. The dawn crossing is cut from next week.",
        "Chapters:",
        "00:00 Opening",
        "12:30 The ferry debate",
    )
    assert all("00:00" not in point for point in entry.article.key_points)


def test_a_plain_text_description_wrapped_mid_sentence_is_joined():
    feed = b"""<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour list</title><item>
<title>Ferry timetable change</title><link>https://lists.example/harbour/2025-10/0001.html</link>
<description>The council decided on Monday that the dawn crossing of the
harbour ferry is cut from next week, the harbour master said.

Residents objected at the meeting.</description></item></channel></rss>"""
    (entry,) = parse_feed(feed, now=NOW).entries
    assert entry.article.body == (
        "The council decided on Monday that the dawn crossing of the harbour ferry is cut from next week, the"
        " harbour master said.",
        "Residents objected at the meeting.",
    )


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "https://example.org/2026/12/05/harbour-bridge-reopens-after-repairs/",
            "Harbour bridge reopens after repairs",
        ),
        ("https://example.org/news/Quay_lamps_relit_tonight.html", "Quay lamps relit tonight"),
        ("https://example.org/news/tram-line-approved-by-council-83415", "Tram line approved by council"),
        ("https://medium.example/@ann/side-quest-drawing-b959ded1a1a4", "Side quest drawing"),  # an id with letters
        ("https://example.org/2026/covid-19-cases-fall-again", "Covid 19 cases fall again"),
        ("https://example.org/ru/" + quote("мост-снова-открыт"), "Мост снова открыт"),
        ("https://example.org/photos/IMG_2034.jpg", ""),  # a file name
        ("https://example.org/?p=1234", ""),  # an id
        ("https://example.org/item/83415", ""),
        ("https://example.org/a-b", ""),  # two words are no headline
        ("https://example.org/x7f3-9ac2-b41e-77d0", ""),  # a code
        ("https://news.example/rss/articles/CBMiK2h0dHBzOi8vZXhhbXBsZS5vcmcvdHJhbS1saW5l?oc=5", ""),  # a redirector's
        ("javascript:alert('a-b-c')", ""),
        ("https://[::1", ""),  # unparseable
        ("https://example.org/" + "%" * 1_000_000, ""),  # huge: refused before it is unquoted (0.8 s)
        (None, ""),
    ],
)
def test_title_from_link(url: str | None, expected: str):
    assert title_from_link(url) == expected


def test_an_entry_with_only_a_link_is_headed_by_its_link_words():
    """A repost or a titleless image feed's entry was "(untitled)" in the digest, one such line per entry."""
    items = (
        "<item><link>https://quay.example/2026/12/05/harbour-bridge-reopens-after-repairs/</link></item>"
        "<item><link>https://quay.example/photos/IMG_2034.jpg</link></item>"
    )
    feed = parse_feed(f"<rss version='2.0'><channel><title>Q</title>{items}</channel></rss>".encode(), now=NOW)
    assert [e.article.title for e in feed.entries] == ["Harbour bridge reopens after repairs", "(untitled)"]


def test_ad_slots_in_a_feed_entry_are_not_its_text():
    """A full-text feed's HTML keeps the page's ad slots: they stood between the story's paragraphs in /find."""
    html = (
        "<p>The council voted on Friday to build a tram line to the harbour.</p><div class='ad'><p>ADVERTISEMENT</p>"
        "</div><p>Work starts in spring.</p><p>Story continues below advertisement</p><p>It opens in 2029.</p>"
        "<p>Anzeige</p><p><a href='https://quay.example/tram'>Read the full story</a></p>"
    )
    expected = [
        "The council voted on Friday to build a tram line to the harbour.",
        "Work starts in spring.",
        "It opens in 2029.",
    ]
    assert entry_paragraphs(html, ["https://quay.example/tram"]) == expected
    # the same without a link (the path that reads no links) and with the slot last
    assert entry_paragraphs(html.rsplit("<p><a", 1)[0], []) == expected
    # a sentence about advertising is text
    assert entry_paragraphs("<p>Ad revenue fell.</p><p>Advertising</p>", []) == ["Ad revenue fell."]


def test_html_escaped_twice_by_a_feed_s_generator_is_read_as_html():
    """'&amp;lt;p&amp;gt;' in a description: the body showed "<p>...</p><p>...</p>" as its text."""
    item = (
        "<item><title>Tram approved</title><link>https://quay.example/t</link><description>"
        "&amp;lt;p&amp;gt;The council voted on Friday.&amp;lt;/p&amp;gt;&amp;lt;p&amp;gt;Work starts in spring."
        "&amp;lt;/p&amp;gt;</description></item>"
    )
    (entry,) = parse_feed(
        f"<rss version='2.0'><channel><title>Q</title>{item}</channel></rss>".encode(), now=NOW
    ).entries
    assert entry.article.body == ("The council voted on Friday.", "Work starts in spring.")


def test_an_atom_text_element_keeps_its_angle_brackets_as_text():
    """Atom's type="text" holds text: "<reopens>" and "<after>" were taken for tags and lost."""
    data = (
        "<feed xmlns='http://www.w3.org/2005/Atom'><title>Q</title><id>urn:q</id>"
        "<entry><title type='text'>Generics &lt;T&gt; in the quay's software</title><id>urn:q:1</id>"
        "<updated>2025-10-16T08:00:00Z</updated>"
        "<summary type='text'>The bridge reopened &lt;after&gt; repairs &amp; traffic was light.</summary></entry>"
        # HTML in a text element is the generator's fault: read as the HTML it is
        "<entry><title type='text'>Tram &lt;em&gt;approved&lt;/em&gt;</title><id>urn:q:2</id>"
        "<updated>2025-10-16T08:00:00Z</updated><summary>&lt;p&gt;Work starts.&lt;/p&gt;</summary></entry>"
        "</feed>"
    )
    first, second = parse_feed(data.encode(), now=NOW).entries
    assert first.article.title == "Generics <T> in the quay's software"
    assert first.article.body == ("The bridge reopened <after> repairs & traffic was light.",)
    assert (second.article.title, second.article.body) == ("Tram approved", ("Work starts.",))


def test_a_podcast_episode_with_only_a_subtitle_gives_it_as_its_text():
    """An episode described only by itunes:subtitle had no text at all."""
    item = (
        "<item><title>Episode 11: Ferries</title><guid>ep11</guid>"
        "<enclosure url='https://quay.example/ep11.mp3' length='1' type='audio/mpeg'/>"
        "<itunes:subtitle>The winter timetable, explained.</itunes:subtitle></item>"
    )
    data = (
        "<rss version='2.0' xmlns:itunes='http://www.itunes.com/dtds/podcast-1.0.dtd'><channel><title>Q</title>"
        f"{item}</channel></rss>"
    )
    (entry,) = parse_feed(data.encode(), now=NOW).entries
    assert entry.article.body == ("The winter timetable, explained.",)


def test_a_podcast_episode_named_by_itunes_title_alone_keeps_its_name():
    """An episode with <itunes:title> and no <title>: its title was cut from the show notes' first sentence."""
    doc = b"""<?xml version="1.0"?><rss version="2.0" xmlns:itunes="http://www.itunes.com/dtds/podcast-1.0.dtd">
    <channel><title>Harbour Talk</title><link>https://harbourtalk.example/</link><item>
    <itunes:title>Ferries after dark: the new timetable</itunes:title><guid isPermaLink="false">ep42</guid>
    <enclosure url="https://cdn.harbourtalk.example/ep42.mp3" length="1" type="audio/mpeg"/>
    <itunes:summary>Councillor Jon Berg explains why three evening ferries join the island route.</itunes:summary>
    </item></channel></rss>"""
    [entry] = parse_feed(doc, now=NOW).entries
    assert entry.article.title == "Ferries after dark: the new timetable"
    assert entry.article.body == ("Councillor Jon Berg explains why three evening ferries join the island route.",)


def test_a_post_s_closing_hashtags_are_no_text_of_it():
    """A social post closes with its tags ("#energy #wind"): they were its last paragraph. A hashtag heading inside
    show notes ("#askatp" over its questions) stays."""
    text = "The wind farm now feeds the grid.\n\nIt will cover a fifth of demand.\n\n#energy #wind #Harbour2026"
    notes = "Follow-up: the ferry.\n\n#askatp\n\nWhat about the night boats?"
    items = [{"id": "1", "content_text": text}, {"id": "2", "title": "Episode 3", "content_text": notes}]
    doc = {"version": "https://jsonfeed.org/version/1.1", "items": items}
    post, episode = parse_feed(json.dumps(doc).encode(), now=NOW).entries
    assert post.article.body == ("The wind farm now feeds the grid.", "It will cover a fifth of demand.")
    assert episode.article.body == ("Follow-up: the ferry.", "#askatp", "What about the night boats?")
