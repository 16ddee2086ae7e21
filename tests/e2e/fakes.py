"""Stand-ins for layers other helpers are writing (select, render, search), used only by the e2e tests.

They keep the scenarios about the Discord side; the lead may swap in the real layers once they land.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

from bot.chat.formatting import clip, escape, timestamp
from bot.digest.render import DiscordMessage
from bot.errors import InvalidSearchQueryError
from bot.models import Digest, DigestItem, SearchHit, SearchPage
from bot.store.articles import arrived_between
from bot.store.db import Database


async def simple_digest(db: Database, since: datetime, until: datetime, *, topic=None, limit=50) -> Digest:
    found = await arrived_between(db, since, until, limit=500)
    if topic:
        found = [a for a in found if topic.lower() in (a.article.title + a.article.text).lower()]
    return Digest(since=since, until=until, items=tuple(DigestItem(a) for a in found[:limit]), topic=topic)


class SimpleRenderer:
    def discord_messages(self, digest: Digest) -> list[DiscordMessage]:
        embeds: list[dict[str, Any]] = []
        for item in digest.items:
            art = item.article.article
            points = art.key_points or art.body[:1]
            embed: dict[str, Any] = {
                "title": clip(escape(art.title), 256),
                "description": clip("\n".join(f"• {escape(p)}" for p in points), 1000),
                "footer": {"text": clip(item.article.source_name, 200)},
            }
            if art.url:
                embed["url"] = art.url
            if art.published is not None:
                embed["description"] += f"\n{timestamp(art.published)}"
            embeds.append(embed)
        messages: list[DiscordMessage] = []
        batch: list[dict[str, Any]] = []
        size = 0
        for embed in embeds:
            length = len(embed["title"]) + len(embed["description"]) + len(embed["footer"]["text"])
            if batch and (len(batch) == 10 or size + length > 5800):
                messages.append(DiscordMessage(content="", embeds=tuple(batch)))
                batch, size = [], 0
            batch.append(embed)
            size += length
        if batch:
            messages.append(DiscordMessage(content="", embeds=tuple(batch)))
        if messages:
            messages[0] = DiscordMessage(
                content=f"**News digest** · {len(digest.items)} stories", embeds=messages[0].embeds
            )
        return messages


async def simple_search(db, text, *, now, limit=10, offset=0, since=None, source=None) -> SearchPage:
    words = re.findall(r"\w+", text.lower())
    if not words:
        raise InvalidSearchQueryError("There is nothing to search for in that; type a few words, like `heat pump`.")
    found = await arrived_between(db, since or now - timedelta(days=3650), now + timedelta(seconds=1), limit=1000)
    hits = [
        a
        for a in found
        if all(w in (a.article.title + " " + a.article.text).lower() for w in words)
        and (source is None or source.lower() in a.source_name.lower())
    ]
    page = tuple(
        SearchHit(
            article_id=a.id,
            title=a.article.title,
            published=a.article.published,
            arrived_at=a.arrived_at,
            source=a.source_name,
            url=a.article.url,
            snippet=a.article.text[:200],
            score=1.0,
        )
        for a in hits[offset : offset + limit]
    )
    return SearchPage(query=text, hits=page, total=len(hits), offset=offset, limit=limit)
