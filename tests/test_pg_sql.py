"""The PostgreSQL spelling of the store's statements and of the parsed search query (no server needed)."""

from __future__ import annotations

import pytest

from bot.config_database import url_passwords
from bot.logs import redact
from bot.store.pgconn import hide_password, returns_id, to_pg
from bot.store.pgsearch import to_tsquery_text
from bot.store.search import build_match, build_match_any


@pytest.mark.parametrize(
    ("sqlite", "postgresql"),
    [
        ("SELECT id FROM feeds WHERE url = ?", "SELECT id FROM feeds WHERE url = %s"),
        (
            "INSERT OR IGNORE INTO entry_keys (source_id, key) VALUES (?, ?)",
            "INSERT INTO entry_keys (source_id, key) VALUES (%s, %s) ON CONFLICT DO NOTHING",
        ),
        (
            "INSERT OR IGNORE INTO sources (kind, name) VALUES (?, ?)",
            "INSERT INTO sources (kind, name) VALUES (%s, %s) ON CONFLICT DO NOTHING RETURNING id",
        ),
        ("INSERT INTO stories (first_seen) VALUES (?)", "INSERT INTO stories (first_seen) VALUES (%s) RETURNING id"),
        # A literal keeps its question mark; a percent sign, anywhere, is doubled for psycopg.
        ("SELECT '?', x FROM t WHERE y LIKE '%a' AND z = ?", "SELECT '?', x FROM t WHERE y LIKE '%%a' AND z = %s"),
        ("SELECT 'it''s ?' WHERE a = ?", "SELECT 'it''s ?' WHERE a = %s"),
        ("INSERT INTO channel_state (channel_id) VALUES (?)", "INSERT INTO channel_state (channel_id) VALUES (%s)"),
    ],
)
def test_statements_are_translated_once_and_exactly(sqlite, postgresql):
    assert to_pg(sqlite) == postgresql


def test_only_tables_with_an_identity_return_their_id():
    assert returns_id("INSERT INTO deliveries (sink) VALUES (?) ON CONFLICT (schedule_id, slot) DO NOTHING")
    assert not returns_id("INSERT INTO entry_keys (source_id) VALUES (?)")
    assert not returns_id("UPDATE deliveries SET sending = 1 WHERE id = ?")
    plain = to_pg("INSERT INTO entry_keys (a) VALUES (?)", returning_id=False)
    assert plain == "INSERT INTO entry_keys (a) VALUES (%s)"


@pytest.mark.parametrize(
    ("text", "tsquery"),
    [
        ("harbour bridge", "( 'harbour' ) & ( 'bridge' )"),
        ('"new york" OR boston -rain', "( ( 'new york' | 'boston' ) ) & ! ( 'rain' )"),
        ("café*", "( 'café':* )"),
        ("don't", "( 'don''t' )"),
        # Operators of tsquery in the user's text are only words inside quotes.
        ("a&b | !c <-> d:*", "( 'a&b' ) & ( '!c' ) & ( 'd:' )"),
        ("back\\slash", "( 'back\\\\slash' )"),
    ],
)
def test_the_parsed_query_becomes_a_quoted_tsquery(text, tsquery):
    assert to_tsquery_text(build_match(text)) == tsquery


def test_any_word_form_for_exclusions():
    assert to_tsquery_text(build_match_any("football -final")) == "( 'football' ) & ! ( 'final' )"


def test_a_url_never_shows_its_password():
    assert (
        redact("postgresql://news:s3cret@db.example:5432/news") == "postgresql://news:[redacted]@db.example:5432/news"
    )
    assert redact("postgresql://db.example/news") == "postgresql://db.example/news"
    # The server's words, should they repeat the password, are redacted too (the same rule, with the secret).
    assert (
        hide_password("password s3cret@x refused", "postgresql://news:s3cret@db/news")
        == "password [redacted]@x refused"
    )


def test_the_log_filter_is_given_the_database_password():
    assert url_passwords("postgresql://news:p%40ss@db/news") == ("p%40ss", "p@ss")
    assert url_passwords("postgresql://db/news") == ()
    assert url_passwords(None) == ()
