"""Six generated feeds for the selection tests: one carries 100 entries a day, five carry a few (our own words)."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.models import Article, SourceKind
from bot.store import articles as repo

LOUD = "Loud Wire"
QUIET = ["Harbour Gazette", "Coastal Post", "Morning Ledger", "City Herald", "Valley Times"]
SYLLABLES = ["ka", "lo", "mi", "nu", "pe", "ra", "si", "tu", "ve", "zo"]
# Two stories several outlets carry: (lead source, other outlets, headline, topic words in the body).
SHARED = [
    ("Coastal Post", ["Harbour Gazette", "City Herald"], "Storm closes the northern ferry terminal", "ferry storm"),
    ("Valley Times", ["Morning Ledger"], "Regional rail strike called for Monday", "rail strike"),
]


def word(n: int) -> str:
    """Return a made-up word unique to ``n``, so no two generated headlines look like one story."""
    return "".join(SYLLABLES[int(d)] for d in str(n)) + "x"


def headline(prefix: str, n: int) -> str:
    return f"{prefix} {word(n)} {word(n + 1000)} {word(n + 2000)}"


async def add(db, source: str, article: Article, arrived: datetime):
    src = await repo.get_or_create_source(
        db, SourceKind.FEED, source, f"https://{source.lower().replace(' ', '')}.test/feed", arrived
    )
    return await repo.add_article(db, src, article, arrived, [article.url or article.title])


async def store_six_feeds(db, now: datetime, *, loud_entries: int = 100) -> dict[str, int]:
    """Store a day of the six feeds; return how many stories each source leads."""
    for n in range(loud_entries):
        # The loud feed is also the newest: without a fair share it would take every place.
        arrived = now - timedelta(minutes=5 + n * 14)
        title = headline("Wire", n)
        article = Article(
            title=title, body=(f"{title}. Markets and more markets.",), url=f"https://loudwire.test/{n}", key_points=()
        )
        await add(db, LOUD, article, arrived)
    for s, source in enumerate(QUIET):
        for n in range(3):
            arrived = now - timedelta(hours=20 - n, minutes=s)
            title = headline(source.split()[0], 5000 + s * 10 + n)
            body = f"{title}. Local council news from {source}."
            url = f"https://{source.lower().replace(' ', '')}.test/{n}"
            await add(db, source, Article(title=title, body=(body,), url=url, key_points=("One point.",)), arrived)
    for lead, others, title, words in SHARED:
        url = f"https://{lead.lower().replace(' ', '')}.test/shared-{word(len(title))}"
        article = Article(title=title, body=(f"{title}: {words}.",), url=url, key_points=("It happened.", "Why."))
        arrived = now - timedelta(hours=22)
        await add(db, lead, article, arrived)
        for other in others:
            # The same link from another outlet is a sighting of the same article: one more outlet.
            copy = Article(title=title, body=(f"{title}: {words}.",), url=url + "?utm_source=x")
            await add(db, other, copy, arrived + timedelta(minutes=10))
    counts = dict.fromkeys(QUIET, 3)
    counts[LOUD] = loud_entries
    for lead, _, _, _ in SHARED:
        counts[lead] += 1
    return counts
