"""Fixed digests and search pages for the rendering tests (our own words)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from bot.models import Article, Digest, DigestItem, SearchHit, SearchPage, StoredArticle

SINCE = datetime(2025, 10, 16, 9, 0, tzinfo=UTC)
UNTIL = datetime(2025, 10, 17, 9, 0, tzinfo=UTC)


def stored(
    n,
    title,
    *,
    source="Harbour Gazette",
    points=(),
    url=None,
    published=None,
    arrived=None,
    story=None,
    body=("A paragraph.",),
    summary=None,
    dateline=None,
):
    article = Article(
        title=title,
        body=tuple(body),
        published=published,
        url=url,
        key_points=tuple(points),
        source=source,
        summary=summary,
        dateline=dateline,
    )
    return StoredArticle(
        id=n,
        article=article,
        source_id=1,
        source_name=source,
        arrived_at=arrived or UNTIL - timedelta(hours=n),
        story_id=story if story is not None else n,
    )


def small_digest():
    items = (
        DigestItem(
            stored(
                1,
                "Council approves the harbour bridge budget",
                url="https://gazette.example/bridge?id=1",
                published=datetime(2025, 10, 17, 6, 30, tzinfo=UTC),
                points=(
                    "The council voted 7 to 2 for a budget of 41 million.",
                    "Work starts in March_2026 if *nothing* changes.",
                ),
            ),
            also_in=("Coastal Post", "Morning Ledger"),
        ),
        DigestItem(
            stored(
                2,
                "Library <opens> late on Fridays & weekends",
                source="Town Notes",
                published=date(2025, 10, 16),
                body=("The town library will stay open until nine on Fridays.",),
            )
        ),
        DigestItem(
            stored(
                3,
                "Ping test @everyone <@123> # not a heading",
                source="Chatty Wire",
                url="javascript:alert(1)",
                points=("Hello @here and <#1> and <@&2> ~~strike~~ `code` || spoiler || > quote",),
            )
        ),
    )
    return Digest(since=SINCE, until=UNTIL, items=items)


def empty_digest():
    return Digest(since=SINCE, until=UNTIL, items=(), topic="ferries")


def huge_digest(stories=60):
    nasty = "@everyone <@123> **bold** __u__ ~~s~~ `c` ||x|| > q # h - l [t](https://x.example) \\ "
    items = []
    for n in range(stories):
        title = f"Story {n} " + ("headline words *_` @here " * 200)[:4000]
        points = tuple((f"Point {k} of story {n}: " + nasty * 40)[:4000] for k in range(5))
        items.append(
            DigestItem(
                stored(n + 1, title, url=f"https://wire.example/{n}", points=points, published=date(2025, 10, 16)),
                also_in=tuple(f"Source {k} @everyone" for k in range(9)),
            )
        )
    return Digest(since=SINCE, until=UNTIL, items=tuple(items), title="Big @everyone digest")


def search_page():
    hits = (
        SearchHit(
            article_id=1,
            title="Council approves the harbour *bridge* budget",
            published=date(2025, 10, 17),
            arrived_at=UNTIL,
            source="Harbour Gazette",
            url="https://gazette.example/bridge",
            snippet="…the new \ue000bridge\ue001 will carry @everyone across_the \ue000harbour\ue001 by 2027…",
            score=-3.5,
        ),
        SearchHit(
            article_id=2,
            title="Ferry timetable",
            published=None,
            arrived_at=UNTIL,
            source="Town Notes",
            url=None,
            snippet="No marks here",
            score=-1.0,
        ),
    )
    return SearchPage(query='bridge "harbour" <@1>', hits=hits, total=12, offset=0, limit=2)
