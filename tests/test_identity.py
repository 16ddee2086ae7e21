"""Identity keys come from one place (bot.text.identity), so every door identifies an article alike."""

from __future__ import annotations

import json
import os
import time

from feed_server import loopback_settings

from bot.ingest.pipeline import ingest_paths
from bot.models import Article, NewArticle, SourceKind
from bot.store import articles as repo
from bot.text.identity import canonical_url, identify


def test_guid_scheme_is_folded_for_files_and_feeds_alike():
    http = identify(Article("A", ("b",), guid="http://paper.example/a"), source_keys=["file:x"])
    https = identify(Article("A", ("b",), guid="https://paper.example/a"), feed_entry=True)
    assert http.keys == ("file:x", "guid://paper.example/a")
    assert https.keys[0] == "guid://paper.example/a"


def test_a_shared_link_is_neither_a_key_nor_the_canonical_url():
    shared = identify(Article("A", ("b",), url="https://day.example/#a", shared_link=True), feed_entry=True)
    assert shared.canonical_url is None
    assert not any(k.startswith("url:") for k in shared.keys)
    own = identify(Article("A", ("b",), url="https://www.day.example/a?utm_source=x"), feed_entry=True)
    assert own.canonical_url == canonical_url("https://day.example/a") == "https://day.example/a"
    assert "url:https://day.example/a" in own.keys


async def test_bodiless_link_posts_with_one_title_stay_two_and_one_link_stays_one(db, clock):
    a = await repo.get_or_create_source(db, SourceKind.FEED, "A", "https://a.example/feed", clock.now())
    b = await repo.get_or_create_source(db, SourceKind.FEED, "B", "https://b.example/feed", clock.now())
    posts = [
        (a, Article("Link", (), url="https://one.example/story")),
        (a, Article("Link", (), url="https://two.example/story")),
        (b, Article("Link", (), url="https://one.example/story?utm_source=b")),
    ]
    records = [NewArticle(art, src.id, identify(art, feed_entry=True)) for src, art in posts]
    first, second, third = await repo.add_articles(db, records, clock.now())
    assert first.new
    assert second.new
    assert not third.new
    assert third.duplicate_of == first.article_id


async def test_a_drop_file_revised_with_its_guid_moved_to_https_is_the_same_article(db, clock, tmp_path):
    drop = tmp_path / "drop"
    drop.mkdir()
    settings = loopback_settings()

    def put(name: str, guid: str, body: str) -> None:
        doc = {"title": "Harbour bridge reopens", "body": body, "id": guid, "source": "Harbour Post"}
        (drop / name).write_text(json.dumps(doc), encoding="utf-8")
        aged = time.time() - 600
        os.utime(drop / name, (aged, aged))

    put("bridge.json", "http://post.example/bridge", "The bridge reopened on Monday after repairs.")
    first = await ingest_paths(db, [drop], settings=settings, clock=clock)
    put("bridge-revised.json", "https://post.example/bridge", "The bridge reopened on Monday after long repairs.")
    clock.advance(60)
    second = await ingest_paths(db, [drop], settings=settings, clock=clock)
    assert (first.new, second.new, second.duplicate) == (1, 0, 1)
