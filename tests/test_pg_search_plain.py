# ruff: noqa: RUF001  (fixture text: Greek, Arabic and Hebrew letters that look like Latin ones are the point)
"""PostgreSQL 0022 and 0023: less CPU for every vector, and every vector and search term the same.

0022: text holding nothing to fold or set apart skips the three passes. 0023: the parser's ASCII words skip
unaccent. Each check compares the server after them with 0021's, in a database brought to just before 0022 (the
migrations as they were), on the same texts: every character any pass names and those beside them, one at a time
and inside Latin text, and texts drawn from every script the project folds (CJK, half-width and full-width forms,
Thai, Lao, Khmer, Burmese, Greek, Arabic and Persian, Hebrew, Latin with accents, curly quotes and dashes). Every
text here is written for these tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

import psycopg
import pytest
from cjk_support import postgresql_upgraded
from hypothesis import given, settings
from hypothesis import strategies as st
from pg_support import empty_database_url_sync, fresh_database_url_sync, migrate_before

from bot.store.db import to_db_time
from bot.store.pg import migrations as pg_migrations
from bot.text.cjk import CJK_CLASS, FOLD_CLASS, PHRASED_LETTERS, PHRASED_MARKS, SCRIPT_FOLD, SCRIPT_FOLD_CLASS

AT = to_db_time(datetime(2026, 12, 7, 9, 0, tzinfo=UTC))
NUMBER = next(n for n, name, _ in pg_migrations() if name == "search_plain_text")

# The same article in every language the vectors have a configuration for, and some they have none for.
LANGUAGES = ["en", "de", "fr", "el", "ar", "tr", "ru", "ja", "zh", "th", "fa", "he", "vi", None]


def _edges() -> list[str]:
    """Each range's first and last character (and each single one) of every class a pass names, and those beside."""
    samples: list[str] = []
    for ch in (CJK_CLASS + FOLD_CLASS + SCRIPT_FOLD_CLASS + PHRASED_LETTERS + PHRASED_MARKS).replace("-", ""):
        samples += [c for c in (chr(ord(ch) - 1), ch, chr(ord(ch) + 1)) if not 0xD800 <= ord(c) <= 0xDFFF]
    samples += [chr(point) for point in SCRIPT_FOLD]
    return sorted(set(samples))


# Words of every script, and what sits between them (spaces of every kind, punctuation, marks alone).
LATIN = "harbour Council approves tram 2029 café Zürich naïve São Łódź Ærø straße “quoted” it’s — – … ﬁle x² ①"
CJK_THAI = "東京 電車 新线路开通 ﾄｳｷｮｳ ｶﾞ ＡＩ １２ 、 。 「」 樂 경전철 서울 เรือข้ามฟาก ກັບມາ សាឡាង ကူးတို့"
GREEK_ARABIC_HEBREW = "Νέο δίκτυο νερού ΆΈΉ ἀρχή ᾠδή λόγος ς کمیته مجلس البلديةُ شبكة ی ک ى העירייה בְּרֵכָה"
OTHERS = "ıstanbul Kırsal đường Đà İzmir - ' \" ( ) . ,"
ASCII = "Harbour-master e-mail x-ray co-op 3-D ab12 user@example.org https://news.example/a-b?c=1 /usr/x.txt 1.5e3 v2.0"
ALONE = ["\u3000", "\u0e37", "\u0e49", "\u064b", "\u0670", "\u05be", "\u05c0", "\u200c", "\u200d", "\xa0", "\x1f", "\n"]
WORDS = [
    *LATIN.split(" "),
    *CJK_THAI.split(" "),
    *GREEK_ARABIC_HEBREW.split(" "),
    *OTHERS.split(" "),
    *ASCII.split(" "),
    *ALONE,
]
TEXT = st.lists(st.sampled_from(WORDS), max_size=40).map(" ".join) | st.lists(st.sampled_from(WORDS), max_size=40).map(
    "".join
)


Conn = psycopg.Connection[tuple[object, ...]]


@contextmanager
def _before_and_after() -> Iterator[tuple[Conn, Conn]]:
    """Connections to a database just before 0022 and to one with every migration."""
    with (
        empty_database_url_sync() as before_url,
        fresh_database_url_sync() as after_url,
        psycopg.connect(before_url, autocommit=True) as before,
        psycopg.connect(after_url, autocommit=True) as after,
    ):
        migrate_before(before, NUMBER)
        yield before, after


def _spaced(conn: Conn, texts: list[str | None]) -> list[tuple[object, ...]]:
    rows = conn.execute(
        "SELECT newsdigest_cjk_spaced(t), to_tsvector('newsdigest', newsdigest_cjk_spaced(t))::text"
        " FROM unnest(%s::text[]) WITH ORDINALITY AS x (t, n) ORDER BY n",
        (texts,),
    ).fetchall()
    return [tuple(r) for r in rows]


def _every_configuration(conn: Conn, texts: list[str | None]) -> list[tuple[object, ...]]:
    """Each text's vector in every configuration (as written, not spaced), and read as a search term."""
    rows = conn.execute(
        "SELECT c::text, to_tsvector(c, t)::text, phraseto_tsquery(c, t)::text"
        " FROM unnest(%s::text[]) WITH ORDINALITY AS x (t, n), unnest(newsdigest_configs()) AS c ORDER BY n, c::text",
        (texts,),
    ).fetchall()
    return [tuple(r) for r in rows]


def _vectors(conn: Conn, articles: list[tuple[str | None, str, str, str]]) -> list[str]:
    rows = conn.execute(
        "SELECT newsdigest_vector(l, t, k, b)::text"
        " FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[]) WITH ORDINALITY AS x (l, t, k, b, n) ORDER BY n",
        [list(column) for column in zip(*articles, strict=True)],
    ).fetchall()
    return [str(r[0]) for r in rows]


def test_the_spacing_is_0021s_on_every_character_a_pass_names_and_those_beside() -> None:
    samples = _edges()
    texts: list[str | None] = [None, "", "plain ASCII text", *samples, *(f"x{ch}y Harbour" for ch in samples)]
    with _before_and_after() as (before, after):
        assert _spaced(after, texts) == _spaced(before, texts)
        # and the test of the new function is taken: text without such characters comes back as it is
        plain: list[str | None] = [
            "Harbour council approves new tram line",
            "Café in Zürich: “quoted” — it’s naïve…",
            "ﬁle x² ①",
        ]
        assert [r[0] for r in _spaced(after, plain)] == plain


def test_every_vector_is_0021s_in_every_script() -> None:
    with _before_and_after() as (before, after):

        @settings(max_examples=60)
        @given(st.lists(st.tuples(st.sampled_from(LANGUAGES), TEXT, TEXT, TEXT), min_size=1, max_size=30))
        def same(articles: list[tuple[str | None, str, str, str]]) -> None:
            texts: list[str | None] = [t for _, *fields in articles for t in fields]
            assert _spaced(after, texts) == _spaced(before, texts)
            assert _vectors(after, articles) == _vectors(before, articles)
            assert _every_configuration(after, texts) == _every_configuration(before, texts)

        same()


def _stored(conn: Conn, articles: list[tuple[str, str, str, str]]) -> list[object]:
    """Store the articles by plain SQL (the trigger makes every vector) and read their three vectors back."""
    conn.execute("INSERT INTO sources (kind, name, location, created_at) VALUES ('folder', 'desk', 'x', %s)", (AT,))
    for n, (language, title, key_points, body) in enumerate(articles):
        conn.execute("INSERT INTO stories (first_seen) VALUES (%s)", (AT,))
        conn.execute(
            "INSERT INTO articles (source_id, story_id, url, fingerprint, title, body, key_points, arrived_at,"
            " language) VALUES (1, %s, %s, %s, %s, %s, %s, %s, %s)",
            (n + 1, f"u{n}", f"f{n}", title, body, key_points, AT, language),
        )
    rows = conn.execute(
        "SELECT search::text, title_search::text, key_points_search::text FROM articles ORDER BY id"
    ).fetchall()
    return [tuple(r) for r in rows]


ARTICLES = [
    ("en", "Harbour council approves new tram line", '["Work starts in March."]', "The council approved it."),
    ("fr", "Le café de la gare rouvre", '["Des travaux à l’été."]', "La mairie a voté « oui » mardi."),
    ("ja", "ﾄｳｷｮｳ電車の新路線", '["２０２９年に開業"]', "東京都は新しい路線を発表した。"),
    ("zh", "新线路开通", "[]", "今天开通。市议会批准了预算。"),
    ("th", "เรือข้ามฟากกลับมาให้บริการแล้ว", "[]", "ผู้โดยสารดีใจ"),
    ("el", "Νέο δίκτυο νερού για την πόλη", "[]", "Ο δήμος ανακοίνωσε ότι τα έργα θα ξεκινήσουν."),
    ("fa", "کمیته مجلس طرح را بررسی کرد", "[]", "نمایندگان بودجه را بررسی کردند."),
    ("he", "העירייה תחליף את הצינורות", "[]", "העבודות בְּרֵכָה יתחילו בחודש הבא."),
    ("tr", "Meclis yeni su yasasını kabul etti", "[]", "Kırsal bölgelerde destek artacak."),
]


def test_the_trigger_stores_the_same_three_vectors() -> None:
    with _before_and_after() as (before, after):
        assert _stored(after, ARTICLES) == _stored(before, ARTICLES)


async def test_the_upgrade_rewrites_no_row_and_keeps_every_vector() -> None:
    # Instant at any size: the migration replaces a function and rewrites nothing (the rows keep their xmin), and
    # what the rows hold is what the new function gives.
    articles = [(title, body) for _, title, _, body in ARTICLES]
    async with postgresql_upgraded("search_plain_text", articles, AT) as (db, rewritten):
        assert rewritten == []
        rows = await db.fetchall(
            "SELECT search = newsdigest_vector(language, title, key_points, body) AS s,"
            " title_search = to_tsvector('newsdigest', newsdigest_cjk_spaced(title)) AS t FROM articles ORDER BY id"
        )
        assert [(r["s"], r["t"]) for r in rows] == [(True, True)] * len(articles)


@pytest.mark.parametrize("text", ["Harbour", "东京", None])
def test_a_null_stays_null_and_the_function_is_inlined(text: str | None) -> None:
    with fresh_database_url_sync() as url, psycopg.connect(url) as conn:
        row = conn.execute("SELECT newsdigest_cjk_spaced(%s::text) IS NULL", (text,)).fetchone()
        assert row is not None
        assert row[0] is (text is None)
        # inlined where it is called: the plan shows the test, not a call of the function
        plan = "\n".join(
            str(r[0]) for r in conn.execute("EXPLAIN VERBOSE SELECT newsdigest_cjk_spaced(title) FROM articles")
        )
        assert "CASE WHEN" in plan
        assert "newsdigest_cjk_spaced" not in plan


def test_ascii_words_skip_unaccent_in_every_configuration() -> None:
    # 0023 holds only while unaccent changes no ASCII text (the migration checks the server's rules first); the
    # three ASCII token types go to the stemmer alone, every other one as before.
    with fresh_database_url_sync() as url, psycopg.connect(url) as conn:
        ascii_text = "".join(chr(i) for i in range(1, 128))
        row = conn.execute("SELECT unaccent('unaccent', %s) = %s", (ascii_text, ascii_text)).fetchone()
        assert row == (True,)
        maps = conn.execute(
            "SELECT t.alias, array_agg(m.mapdict::regdictionary::text ORDER BY m.mapseqno)"
            " FROM unnest(newsdigest_configs()) c JOIN pg_ts_config_map m ON m.mapcfg = c"
            " JOIN ts_token_type('default') t ON t.tokid = m.maptokentype"
            " WHERE c = 'newsdigest_de'::regconfig GROUP BY t.alias"
        ).fetchall()
        mapping = {str(alias): list(dicts) for alias, dicts in maps}
        for alias in ("asciiword", "asciihword", "hword_asciipart"):
            assert mapping[alias] == ["newsdigest_stem_de"]
        for alias in ("word", "hword", "hword_part"):
            assert mapping[alias] == ["unaccent", "newsdigest_stem_de"]
