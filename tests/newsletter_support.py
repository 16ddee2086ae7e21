"""Shared fixtures for the newsletter and webhook tests: stored articles and a digest built from them."""

from __future__ import annotations

import email
import email.policy
import socket
from collections.abc import Iterator
from datetime import UTC, date, datetime
from email.message import EmailMessage

from aiosmtpd.controller import Controller

from bot.config import Settings
from bot.models import Article, Digest, DigestFilter, DigestItem, SourceKind
from bot.store import articles as repo
from bot.store.db import Database

# Written for these tests; deliberately long words and URLs to test wrapping.
STORIES = [
    (
        "Harbour council approves the new footbridge after a long night of debate",
        "https://news.example/harbour/footbridge?ref=feed",
        ("The council voted nine to four for the bridge.", "Work starts in spring & ends in 2027."),
    ),
    (
        "Library extends opening hours <for> students during the exam season",
        "https://news.example/library-hours",
        ("Doors stay open until midnight.",),
    ),
    (
        "Supercalifragilisticexpialidociousness-of-unbreakable-headlines-that-never-end-anywhere-at-all",
        "https://news.example/" + "very-long-path-segment-" * 8,
        (),
    ),
    (
        "Rail operator announces *bold* timetable changes for the winter",
        "https://news.example/rail_winter",
        ("Trains run every ten minutes at peak.", "Night services return on Fridays."),
    ),
]


async def store_stories(db: Database, now: datetime) -> None:
    """Store the test stories from one feed."""
    source = await repo.get_or_create_source(db, SourceKind.FEED, "Example News", "https://news.example/feed", now)
    for title, url, points in STORIES:
        body = (f"{title}. " + "A paragraph of body text that says a little more about it. " * 3,)
        article = Article(title=title, body=body, url=url, key_points=points, published=date(2025, 10, 17))
        await repo.add_article(db, source, article, now, [url])


async def digest_from_store(
    db: Database,
    since: datetime,
    until: datetime,
    *,
    filters: DigestFilter | None = None,
    topic: str | None = None,
    limit: int | None = None,
) -> Digest:
    """Build a digest straight from the store, every arrival (the real select.build_digest is tested elsewhere)."""
    topic = filters.topic if filters is not None else topic
    stored = await repo.arrived_between(db, since, until)
    sources = await repo.story_sources(db, [a.story_id for a in stored])
    items = tuple(DigestItem(a, tuple(s for s in sources.get(a.story_id, []) if s != a.source_name)) for a in stored)
    return Digest(since=since, until=until, items=items, topic=topic)


def sample_digest(count: int = 4, *, now: datetime | None = None) -> Digest:
    """Return a digest of ``count`` made-up stories without a database."""
    from bot.models import StoredArticle

    moment = now or datetime(2025, 10, 17, 9, 0, tzinfo=UTC)
    items = []
    for i in range(count):
        title, url, points = STORIES[i % len(STORIES)]
        article = Article(
            title=f"{title} ({i})",
            body=("Body text " * 40,),
            url=f"{url}#{i}",
            key_points=points,
            published=date(2025, 10, 17),
        )
        items.append(DigestItem(StoredArticle(i + 1, article, 1, "Example News", moment, i + 1), ("Other Paper",)))
    return Digest(since=moment, until=moment, items=tuple(items))


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


REFUSED = "bounce@example.org"


class Inbox:
    """An aiosmtpd handler that keeps every message and refuses one recipient."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd's name
        if address.lower() == REFUSED:
            return "550 5.1.1 no such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        self.messages.append(email.message_from_bytes(envelope.content, policy=email.policy.default))
        return "250 Message accepted"


def running_inbox() -> Iterator[tuple[Inbox, int]]:
    """Run an Inbox on 127.0.0.1 for as long as the generator is open (a fixture's body)."""
    handler = Inbox()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield handler, controller.port
    finally:
        controller.stop()


def settings_for(port: int, **kw) -> Settings:
    return Settings(
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_security="none",
        smtp_from="Morning Digest <news@digest.example>",
        public_url="https://digest.example",
        **kw,
    )
