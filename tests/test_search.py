import asyncio
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.errors import InvalidSearchQueryError
from bot.models import Article, SourceKind
from bot.store import articles as repo
from bot.store import search as search_module
from bot.store.db import Database
from bot.store.search import (
    MARK_END,
    MARK_START,
    MAX_TERMS,
    _runs,
    build_match,
    matching_ids,
    plain_snippet,
    search,
    snippet_segments,
)

NOW = datetime(2025, 10, 17, 9, 0, tzinfo=UTC)

ARTICLES = [
    # (source, title, body, key points, published, days ago it arrived)
    (
        "Harbour Gazette",
        "Lighthouse keeper retires after forty years",
        "The keeper of the northern light climbed the stairs one last time on Thursday.",
        ("She kept the lamp lit through eleven winter storms.",),
        date(2025, 10, 16),
        0,
    ),
    (
        "Coastal Post",
        "Council approves harbour bridge budget",
        "The harbour bridge will cost 41 million. A lighthouse tour was mentioned in passing.",
        ("Work starts in March.",),
        date(2025, 10, 15),
        1,
    ),
    (
        "Coastal Post",
        "Ferry timetable changes for winter",
        "Ferries will run every two hours. The bridge over the harbour is not affected.",
        (),
        None,
        2,
    ),
    (
        "Morning Ledger",
        "Lighthouse museum opens its doors",
        "Visitors queued at dawn to see the old lenses and the keeper's logbooks.",
        ("Entry is free until December.",),
        date(2025, 8, 1),
        77,
    ),
    (
        "Morning Ledger",
        "Governors meet to discuss regional government funding",
        "The governors agreed on nothing, said one observer.",
        (),
        date(2025, 10, 14),
        3,
    ),
]


FILLER = ["Bakery", "Tram", "Orchard", "Marathon", "Choir", "Glacier", "Stamp", "Kite", "Robot", "Garden"]


async def seed(db: Database) -> None:
    # Unrelated stories, so that the test words are not in every article.
    src = await repo.get_or_create_source(db, SourceKind.FOLDER, "Drop", "/drop", NOW)
    for n, word in enumerate(FILLER):
        filler = Article(title=f"{word} news of the week", body=(f"All about the {word.lower()} {n}.",))
        await repo.add_article(db, src, filler, NOW - timedelta(days=5), [f"f{n}"])
    for n, (source, title, body, points, published, days) in enumerate(ARTICLES):
        src = await repo.get_or_create_source(db, SourceKind.FEED, source, f"https://{n}.example/feed", NOW)
        article = Article(
            title=title,
            body=(body,),
            key_points=points,
            published=published,
            url=f"https://news.example/{n}",
            source=source,
        )
        await repo.add_article(db, src, article, NOW - timedelta(days=days), [f"k{n}"])


@pytest.fixture
async def seeded(db):
    await seed(db)
    return db


def titles(page):
    return [h.title for h in page.hits]


# build_match: the query language


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("budget", '("budget")'),
        ("harbour bridge", '("harbour") AND ("bridge")'),
        ('"harbour bridge"', '("harbour bridge")'),
        ("ferry OR bridge", '("ferry" OR "bridge")'),
        ("bridge -ferry", '(("bridge")) NOT ("ferry")'),
        ('bridge -"ferry timetable"', '(("bridge")) NOT ("ferry timetable")'),
        ("govern*", '("govern"*)'),
        ("g*", '("g")'),
        ('"unbalanced quote', '("unbalanced") AND ("quote")'),
        ("NEAR(a b)", '("NEAR(a") AND ("b)")'),
        ("title:secret ^start", '("title:secret") AND ("^start")'),
        ("a AND b", '("a") AND ("b")'),
        ("NOT ferry bridge", '(("bridge")) NOT ("ferry")'),
        ("OR bridge OR", '("bridge")'),
        ("'; DROP TABLE articles; --", '("DROP") AND ("TABLE") AND ("articles;")'),
        ('say "it""s"', '("say") AND ("it") AND ("s")'),
        ('x"y"z', '("x y z")'),
    ],
)
def test_build_match(text, expected):
    assert build_match(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Type a word to search for."),
        ("   ", "Type a word to search for."),
        ("😀 🎉 !!!", "symbols and emoji alone"),
        ("-ferry -bridge", "only exclusions"),
        ('NOT "ferry"', "only exclusions"),
        ('""', "symbols and emoji alone"),
    ],
)
def test_build_match_refuses_with_a_friendly_message(text, message):
    with pytest.raises(InvalidSearchQueryError, match=message):
        build_match(text)


def test_build_match_caps_terms_and_term_length():
    expression = build_match(" ".join(f"word{n}" for n in range(5000)))
    assert expression.count('"word') == MAX_TERMS
    long = build_match("x" * 5000)
    assert len(long) < 200


# search over a real database


async def test_title_match_ranks_before_body_match(db):
    src = await repo.get_or_create_source(db, SourceKind.FEED, "Wire", "https://w.example/feed", NOW)
    docs = [
        ("Schools reopen after the storm", "Pupils returned; the lighthouse road was cleared first."),
        ("Lighthouse road cleared", "Crews worked through the night after the storm."),
        *[(f"Filler story {w}", f"Nothing about {w}.") for w in ("cats", "dogs", "owls", "bees", "ants")],
    ]
    for n, (title, body) in enumerate(docs):
        await repo.add_article(db, src, Article(title=title, body=(body,)), NOW, [f"d{n}"])
    page = await search(db, "lighthouse", now=NOW)
    assert titles(page) == ["Lighthouse road cleared", "Schools reopen after the storm"]


async def test_recency_breaks_ties_between_equal_matches(db):
    src = await repo.get_or_create_source(db, SourceKind.FEED, "Wire", "https://w.example/feed", NOW)
    for n, days in enumerate((90, 1, 30)):
        article = Article(title=f"Tide report number {n}", body=(f"Body {n} about tides.",), url=f"https://w/{n}")
        await repo.add_article(db, src, article, NOW - timedelta(days=days), [f"t{n}"])
    page = await search(db, "tide report", now=NOW)
    assert titles(page) == ["Tide report number 1", "Tide report number 2", "Tide report number 0"]
    assert page.hits[0].score < page.hits[1].score < page.hits[2].score < 0


async def test_key_points_match_ranks_between_title_and_body(db):
    src = await repo.get_or_create_source(db, SourceKind.FEED, "Wire", "https://w.example/feed", NOW)
    docs = [
        ("Body only", "The glacier moved a little.", ()),
        ("Glacier in the headline", "Ice, mostly.", ()),
        ("In the key points", "Snow fell on the glacier overnight.", ("Snow fell on the glacier overnight.",)),
        *[(f"Filler story {w}", f"Nothing about {w}.", ()) for w in ("cats", "dogs", "owls", "bees", "ants")],
    ]
    for n, (title, body, points) in enumerate(docs):
        article = Article(title=title, body=(body,), key_points=points)
        await repo.add_article(db, src, article, NOW - timedelta(hours=n), [f"d{n}"])
    page = await search(db, "glacier", now=NOW)
    assert titles(page) == ["Glacier in the headline", "In the key points", "Body only"]
    # An exclusion that only the body contains still leaves the headline boost to the words searched for.
    page = await search(db, "glacier -snow", now=NOW)
    assert titles(page) == ["Glacier in the headline", "Body only"]


async def test_a_phrase_is_found_within_a_field_never_across_two(db):
    src = await repo.get_or_create_source(db, SourceKind.FEED, "Wire", "https://w.example/feed", NOW)
    docs = [
        ("Harbour bridge", "Reopens today after repairs.", ("Ferry crews cheered the news.",)),
        ("Council meets", "Budget vote due soon.", ("Harbour bridge reopens next spring, the council said.",)),
        *[(f"Filler story {w}", f"Nothing about {w}.", ()) for w in ("cats", "dogs", "owls")],
    ]
    for n, (title, body, points) in enumerate(docs):
        article = Article(title=title, body=(body,), key_points=points)
        await repo.add_article(db, src, article, NOW - timedelta(hours=n), [f"p{n}"])
    # Headline then key point ("bridge ferry", "meets harbour"), key point then body ("news reopens", "said budget"):
    # side by side in the article as stored, never one phrase.
    for phrase in ("bridge ferry", "meets harbour", "news reopens", "said budget"):
        assert titles(await search(db, f'"{phrase}"', now=NOW)) == [], phrase
    # Within each field, as ever.
    assert titles(await search(db, '"bridge reopens"', now=NOW)) == ["Council meets"]
    assert titles(await search(db, '"ferry crews"', now=NOW)) == ["Harbour bridge"]
    assert titles(await search(db, '"reopens today"', now=NOW)) == ["Harbour bridge"]
    assert titles(await search(db, '"harbour bridge"', now=NOW)) == ["Harbour bridge", "Council meets"]


async def test_only_the_newest_candidates_are_ranked_and_the_total_says_so(db, monkeypatch):
    monkeypatch.setattr(search_module, "CANDIDATES", 5)
    src = await repo.get_or_create_source(db, SourceKind.FEED, "Wire", "https://w.example/feed", NOW)
    for n in range(8):
        article = Article(title=f"Harbour note {n}", body=(f"Number {n} of the harbour notes.",))
        await repo.add_article(db, src, article, NOW - timedelta(days=8 - n), [f"h{n}"])
    page = await search(db, "harbour", now=NOW, limit=10)
    assert page.total == 5
    assert page.total_capped
    assert titles(page) == [f"Harbour note {n}" for n in (7, 6, 5, 4, 3)]
    exact = await search(db, '"note 2" OR "note 7"', now=NOW)
    assert (exact.total, exact.total_capped) == (2, False)
    # A filter narrows the selection itself, so an old match outside the newest five is still found.
    other = await repo.get_or_create_source(db, SourceKind.FEED, "Quay Post", "https://q.example/feed", NOW)
    old = Article(title="Harbour history", body=("The old harbour, long ago.",))
    await repo.add_article(db, other, old, NOW - timedelta(days=60), ["q1"])
    found = await search(db, "harbour", now=NOW, source="quay")
    assert (titles(found), found.total, found.total_capped) == (["Harbour history"], 1, False)
    recent = await search(db, "harbour", now=NOW, since=NOW - timedelta(days=3, hours=12))
    assert (titles(recent), recent.total_capped) == (["Harbour note 7", "Harbour note 6", "Harbour note 5"], False)


async def test_phrase_or_exclusion_and_prefix(seeded):
    assert titles(await search(seeded, '"harbour bridge"', now=NOW)) == ["Council approves harbour bridge budget"]
    both = await search(seeded, "ferries OR museum", now=NOW)
    assert set(titles(both)) == {"Ferry timetable changes for winter", "Lighthouse museum opens its doors"}
    without = await search(seeded, "bridge -ferry", now=NOW)
    assert titles(without) == ["Council approves harbour bridge budget"]
    prefix = await search(seeded, "lighthou*", now=NOW)
    assert prefix.total == 3
    # Porter stemming: 'governors' finds 'government' through the stem.
    assert titles(await search(seeded, "govern*", now=NOW)) == ["Governors meet to discuss regional government funding"]


async def test_hit_fields_and_snippet_marks(seeded):
    page = await search(seeded, "keeper", now=NOW)
    hit = page.hits[0]
    assert hit.source == "Harbour Gazette"
    assert hit.url == "https://news.example/0"
    assert hit.published == date(2025, 10, 16)
    assert hit.arrived_at == NOW
    assert MARK_START in hit.snippet
    assert MARK_END in hit.snippet
    marked = [text for text, matched in snippet_segments(hit.snippet) if matched]
    assert marked == ["keeper"]
    assert "keeper of the northern light" in plain_snippet(hit.snippet)


async def test_snippet_from_key_points_reads_as_prose(seeded):
    page = await search(seeded, "storms", now=NOW)
    snippet = plain_snippet(page.hits[0].snippet)
    assert snippet.startswith("She kept the lamp")
    assert '["' not in snippet


async def test_since_source_and_paging(seeded):
    recent = await search(seeded, "lighthouse", now=NOW, since=NOW - timedelta(days=10))
    assert "Lighthouse museum opens its doors" not in titles(recent)
    ledger = await search(seeded, "lighthouse", now=NOW, source="ledger")
    assert titles(ledger) == ["Lighthouse museum opens its doors"]
    first = await search(seeded, "lighthouse", now=NOW, limit=2)
    second = await search(seeded, "lighthouse", now=NOW, limit=2, offset=2)
    assert len(first.hits) == 2
    assert len(second.hits) == 1
    assert first.total == second.total == 3
    assert not set(titles(first)) & set(titles(second))


async def test_unknown_source_is_a_friendly_error(seeded):
    with pytest.raises(InvalidSearchQueryError, match="No source's name contains “Moon Gazette”"):
        await search(seeded, "lighthouse", now=NOW, source="Moon Gazette")


async def test_since_tolerates_a_clock_set_back_and_an_empty_stretch(db):
    src = await repo.get_or_create_source(db, SourceKind.FEED, "Wire", "https://w.example/feed", NOW)
    # Stored in this order, but the machine's clock was set back three hours in between.
    for n, hours in enumerate((2, 5)):
        article = Article(title=f"Quay works stage {n}", body=("The quay works went on.",))
        await repo.add_article(db, src, article, NOW - timedelta(hours=hours), [f"q{n}"])
    page = await search(db, "quay", now=NOW, since=NOW - timedelta(hours=6))
    assert sorted(titles(page)) == ["Quay works stage 0", "Quay works stage 1"]
    assert titles(await search(db, "quay", now=NOW, since=NOW - timedelta(hours=3))) == ["Quay works stage 0"]
    nothing = await search(db, "quay", now=NOW, since=NOW + timedelta(hours=1))
    assert (nothing.hits, nothing.total) == ((), 0)


async def test_hostile_inputs_never_crash(seeded):
    nasty = [
        "NEAR(lighthouse keeper)",
        "title:lighthouse",
        '"lighthouse',
        "lighthouse' OR 1=1; --",
        "^lighthouse",
        "lighthouse* " * 50,
        "😀 lighthouse 🎉",
        "lighthouse " * 2500,
        'lighthouse"keeper"',
        "{title body}: lighthouse",
        # regular-expression characters (PostgreSQL's snippets look for the typed words with one)
        "lighthouse\\ OR keeper[ OR (museum|x) OR \\d+ OR lighthou.* OR ^$",
    ]
    for text in nasty:
        page = await search(seeded, text, now=NOW)
        assert page.query == text
        # Operators are only words here: 'NEAR(lighthouse' is the phrase "near lighthouse", found nowhere.
        assert page.total >= (0 if "NEAR" in text or ":" in text else 1), text
    # A NUL or an escape is refused (bot.store.search.CONTROL_MESSAGE) rather than echoed back.
    for text in ["*", "-", "(((", "NOT", "OR", '"', "-lighthouse", "\x00lighthouse\x00", "\x1b[2Jlighthouse"]:
        with pytest.raises(InvalidSearchQueryError):
            await search(seeded, text, now=NOW)


def test_runs_split_dense_windows_from_scattered_ids():
    dense = list(range(100, 140))
    runs, scattered = _runs([3, 9, *dense, 500, 5000])
    assert runs == [(100, 139)]
    assert scattered == [3, 9, 500, 5000]
    assert _runs([]) == ([], [])


async def test_matching_ids_in_a_dense_window_and_scattered(db):
    src = await repo.get_or_create_source(db, SourceKind.FEED, "Wire", "https://w.example/feed", NOW)
    ids = []
    for n in range(60):
        word = "tram" if n % 3 == 0 else "ferry"
        article = Article(title=f"Note {n}: the {word} ran late", body=(f"The {word} was {n} minutes late.",))
        ids.append((await repo.add_article(db, src, article, NOW, [f"n{n}"])).article_id)
    assert len(set(ids)) == 60
    trams = {i for n, i in enumerate(ids) if n % 3 == 0}
    # A window of all 60 (one range scan) that leaves out a tram in the middle, and a few scattered ids.
    window = [i for i in ids if i != ids[30]]
    assert await matching_ids(db, "tram", window) == trams - {ids[30]}
    assert await matching_ids(db, "tram", [ids[0], ids[1], ids[33], 10_000]) == {ids[0], ids[33]}


async def test_matching_ids_for_topics(seeded):
    rows = await seeded.fetchall("SELECT id, title FROM articles")
    ids = {r["title"]: r["id"] for r in rows}
    found = await matching_ids(seeded, "lighthouse -museum", ids.values())
    assert found == {ids["Lighthouse keeper retires after forty years"], ids["Council approves harbour bridge budget"]}


_WORDS = ['"', "OR", "NOT", "AND", "-", "*", "NEAR(", ")", "(", ":", "^", "lighthouse", "harbour", "😀", "'", ";", "+"]


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.one_of(
        st.text(max_size=200),
        st.lists(st.sampled_from(_WORDS), max_size=12).map(" ".join),
        st.lists(st.sampled_from(_WORDS), max_size=12).map("".join),
    )
)
def test_any_text_gives_results_or_a_friendly_error(search_runner, text):
    runner, db = search_runner
    try:
        page = runner.run(search(db, text, now=NOW))
    except InvalidSearchQueryError as exc:
        message = str(exc)
        page = None
    if page is None:
        assert message.endswith(".")
    else:
        assert page.total >= len(page.hits)


@pytest.fixture
def search_runner(tmp_path):
    # One event loop and one database for every generated example: fast, and a real SQLite file.
    with asyncio.Runner() as runner:
        db = runner.run(Database.open(tmp_path / "search.db"))
        runner.run(seed(db))
        try:
            yield runner, db
        finally:
            runner.run(db.close())


# Languages (issue 13): each article is searched in its own language on PostgreSQL; SQLite stems English only.

WORLD = [
    # (title, body, declared language)
    (
        "Die Häuser der Altstadt werden saniert",
        "Die Bürgermeisterin sagte am Montag, dass die alten Häuser an der Brücke bis zum Sommer saniert werden"
        " und dass die Arbeiten nicht länger als ein Jahr dauern sollen.",
        None,
    ),
    (
        "Les chevaux de la garde nationale défilent",
        "Les chevaux ont défilé dans les rues de la ville pour la fête nationale, et le public était nombreux"
        " malgré la pluie qui est tombée pendant toute la matinée.",
        "fr-FR",
    ),
    ("Zażółć gęślą jaźń", "Qwertz zażółć jaźń 2025.", None),  # no language told or guessed: simple, unaccented
]


@pytest.fixture
async def world(db):
    src = await repo.get_or_create_source(db, SourceKind.FOLDER, "World", "/world", NOW)
    for n, (title, body, declared) in enumerate(WORLD):
        article = Article(title=title, body=(body,), language=declared)
        await repo.add_article(db, src, article, NOW - timedelta(hours=n), [f"w{n}"])
    await seed(db)
    return db


async def test_articles_are_stored_with_their_language(world):
    rows = await world.fetchall("SELECT title, language FROM articles ORDER BY id")
    languages = {row["title"]: row["language"] for row in rows}
    assert languages[WORLD[0][0]] == "de"  # guessed from its words
    assert languages[WORLD[1][0]] == "fr"  # declared, and its words agree
    assert languages[WORLD[2][0]] is None  # too little to tell, nothing declared
    assert languages["Lighthouse keeper retires after forty years"] == "en"


async def test_accents_are_folded_on_both_engines(world):
    assert titles(await search(world, "hauser", now=NOW)) == [WORLD[0][0]]
    assert titles(await search(world, "Häuser", now=NOW)) == [WORLD[0][0]]
    assert titles(await search(world, "defilent", now=NOW)) == [WORLD[1][0]]
    # An article in no known language is still found by its words, accents folded.
    assert titles(await search(world, "gesla", now=NOW)) == [WORLD[2][0]]
    assert titles(await search(world, "Jaźń", now=NOW)) == [WORLD[2][0]]
    assert titles(await search(world, "qwertz", now=NOW)) == [WORLD[2][0]]


async def test_german_and_french_articles_are_stemmed_in_their_language(world):
    if world.dialect != "postgresql":
        pytest.skip("SQLite's FTS5 stems every article as English (porter): per-language stemming is PostgreSQL's")
    # German: "Haus" finds "Häuser", "Brücken" finds "Brücke"; French: "cheval" finds "chevaux".
    assert titles(await search(world, "Haus", now=NOW)) == [WORLD[0][0]]
    assert titles(await search(world, "Brücken", now=NOW)) == [WORLD[0][0]]
    assert titles(await search(world, "cheval national", now=NOW)) == [WORLD[1][0]]
    assert titles(await search(world, '"garde nationale"', now=NOW)) == [WORLD[1][0]]
    # English articles keep English stemming, and a French stem does not leak into them.
    assert titles(await search(world, "retiring keepers", now=NOW)) == ["Lighthouse keeper retires after forty years"]
    page = await search(world, "Haus", now=NOW)
    hit = page.hits[0]
    assert [text for text, matched in snippet_segments(hit.snippet) if matched] == ["Häuser"]


async def test_phrases_need_adjacent_words(db):
    src = await repo.get_or_create_source(db, SourceKind.FOLDER, "P", "/p", NOW)
    texts = [
        ("Northgate Foods opens a store", "Shoppers came to Northgate Foods early."),
        ("Foods of Northgate", "Northgate is known for its foods and its market square."),
        ("Big red barn sold", "The big red barn at the farm was sold on Friday."),
        ("Red barn and big farm", "A red barn stood near a big farm, and the barn was red."),
    ]
    for n, (title, body) in enumerate(texts):
        await repo.add_article(db, src, Article(title=title, body=(body,)), NOW - timedelta(hours=n), [f"p{n}"])
    assert titles(await search(db, '"northgate foods"', now=NOW)) == [texts[0][0]]
    assert set(titles(await search(db, "northgate foods", now=NOW))) == {texts[0][0], texts[1][0]}
    assert titles(await search(db, '"big red barn"', now=NOW)) == [texts[2][0]]
    # "red barn" and "big ... red" (every pair of a longer phrase) is not the phrase
    assert titles(await search(db, '"barn was red"', now=NOW)) == [texts[3][0]]
    assert titles(await search(db, 'barn -"big red barn"', now=NOW)) == [texts[3][0]]
    assert titles(await search(db, '"northgate foods" OR "big red barn"', now=NOW)) == [texts[0][0], texts[2][0]]
    assert await matching_ids(db, '"big red barn"', range(1, 10)) == {3}


async def test_snippet_shows_a_match_deep_in_a_long_body(db):
    """The snippet is cut around the first occurrence of a searched word, wherever it is, on both engines."""
    src = await repo.get_or_create_source(db, SourceKind.FOLDER, "Long", "/long", NOW)
    filler = " ".join(f"The committee met again on day {n} and spoke about roads and bridges." for n in range(120))
    body = f"{filler} Late in the evening the harbourmaster resigned over the new taxes. {filler}"
    await repo.add_article(db, src, Article(title="A long meeting", body=(body,)), NOW, ["long"])
    assert len(filler) > 6000
    for query, marked in (("harbourmaster", "harbourmaster"), ("tax", "taxes"), ('"new taxes"', "new taxes")):
        hit = (await search(db, query, now=NOW)).hits[0]
        shown = [text.lower() for text, matched in snippet_segments(hit.snippet) if matched]
        assert " ".join(shown) == marked, (query, hit.snippet)
        assert "resigned" in plain_snippet(hit.snippet)


async def test_since_at_its_boundary_reads_each_article_s_own_date(db):
    """since keeps an article whose date (the earlier of published and arrived) is at or after it, to the µs."""
    since = NOW - timedelta(days=2)
    src = await repo.get_or_create_source(db, SourceKind.FEED, "Wire", "https://w.example/feed", NOW)
    micro = timedelta(microseconds=1)
    cases = [  # (title, published, arrived), stored in the order they arrived
        ("Arrived just before", None, since - micro),
        ("Arrived at the moment", None, since),
        ("Published at the moment", since, since + timedelta(hours=1)),
        ("Published just before, arrived after", since - micro, since + timedelta(hours=1)),
        ("Published after it arrived", since + timedelta(days=1), since + timedelta(hours=2)),
    ]
    for n, (title, published, arrived) in enumerate(cases):
        body = (f"Quayside report number {n}.",)
        article = Article(title=f"Quayside {title.lower()}", body=body, published=published)
        await repo.add_article(db, src, article, arrived, [f"q{n}"])
    page = await search(db, "quayside", now=NOW, since=since)
    expected = {"Arrived at the moment", "Published at the moment", "Published after it arrived"}
    assert set(titles(page)) == {f"Quayside {title.lower()}" for title in expected}
    assert (page.total, page.total_capped) == (3, False)


def numbers(page):
    return [int(h.title.rsplit(" ", 1)[1]) for h in page.hits]


async def test_the_newest_matches_are_found_past_the_first_window(db, monkeypatch):
    """A word too rare for the newest ids still gives its newest matches, with a since filter and a source too.

    PostgreSQL asks windows of the newest ids (the first 4,096 wide, in blocks of 1,024) and widens them as the
    matches found say; SQLite's FTS5 walks the matches newest first. Here the ids jump by 10,000 after the 20th
    article (on PostgreSQL), so the first window holds 8 of the 11 matches a page of 10 needs (CANDIDATES + 1
    tells "more"), and the next window is the whole archive.
    """
    monkeypatch.setattr(search_module, "CANDIDATES", 10)
    wire = await repo.get_or_create_source(db, SourceKind.FEED, "Wire", "https://w.example/feed", NOW)
    quay = await repo.get_or_create_source(db, SourceKind.FEED, "Quay Post", "https://q.example/feed", NOW)
    start = NOW - timedelta(days=3)
    for n in range(1, 61):
        if n == 21 and db.dialect == "postgresql":
            await db.execute("SELECT setval(pg_get_serial_sequence('articles', 'id'), 10000)")
        rare = (" A zephyrine was seen." if n % 5 == 0 else "") + (" A heron too." if n % 10 == 0 else "")
        article = Article(title=f"Tide table {n}", body=(f"Harbour log entry {n}.{rare}",))
        await repo.add_article(db, quay if n % 10 == 0 else wire, article, start + timedelta(hours=n), [f"t{n}"])
    page = await search(db, "zephyrine", now=NOW, limit=10)
    assert (page.total, page.total_capped) == (10, True)
    assert sorted(numbers(page)) == list(range(15, 61, 5))
    recent = await search(db, "zephyrine", now=NOW, limit=10, since=start + timedelta(hours=30))
    assert (recent.total, recent.total_capped) == (7, False)
    assert sorted(numbers(recent)) == list(range(30, 61, 5))
    one_source = await search(db, "zephyrine", now=NOW, limit=10, source="quay")
    assert sorted(numbers(one_source)) == list(range(10, 61, 10))
    # An exclusion's windows widen as far as they must (PostgreSQL does not cut to the whole archive for them).
    without = await search(db, "zephyrine -heron", now=NOW, limit=10)
    assert (sorted(numbers(without)), without.total_capped) == (list(range(5, 61, 10)), False)


async def test_a_wide_window_finds_matches_far_below_the_newest_ids(db, monkeypatch):
    """Matches 50,000 ids below the newest ones are found: PostgreSQL's windows widen until they reach them.

    On PostgreSQL the ids jump to 950,000 after the 100th article and to 1,000,000 after the 130th: the newest 51
    matches (a page of 50 and one more) are in the newest 30 articles and the 30 before them, which no window of
    the first few reaches. SQLite stores the same articles.
    """
    monkeypatch.setattr(search_module, "CANDIDATES", 50)
    src = await repo.get_or_create_source(db, SourceKind.FEED, "Wire", "https://w.example/feed", NOW)
    start = NOW - timedelta(days=1)
    for n in range(1, 161):
        if n in (101, 131) and db.dialect == "postgresql":
            await db.execute(
                "SELECT setval(pg_get_serial_sequence('articles', 'id'), ?)", [950_000 if n == 101 else 10**6]
            )
        article = Article(title=f"Tide table {n}", body=(f"Harbour log entry {n}. A zephyrine was seen.",))
        await repo.add_article(db, src, article, start + timedelta(minutes=n), [f"t{n}"])
    page = await search(db, "zephyrine", now=NOW, limit=50)
    assert (page.total, page.total_capped) == (50, True)
    assert sorted(numbers(page)) == list(range(111, 161))
