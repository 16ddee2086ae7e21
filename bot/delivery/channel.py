"""The Discord channel sink: the bot posts the digest into a channel; a channel can be read back.

Restart rule: a claim left unfinished is checked against the channel's messages since the claim; if this bot
posted a plain message there since then, the post went out and is recorded as sent; otherwise nothing reached
Discord and it is posted now, once (within CATCHUP_GRACE). An unreadable channel counts as "nothing there".

Threads: a schedule with ``thread`` opens a thread named like "News digest · Sat 5 Dec" (the post's local date
in the schedule's zone) on the first message of each daily post, once every message arrived (``sent``). After a
crash between the post and the thread, the restart finds the post in the channel, records it as sent (never
posting it twice) and opens the thread then; Discord refuses a second thread on a message, which counts as done.
A missing permission is noted on the schedule (``/schedule show``) and not retried: the post itself arrived.

Forum channels: a post cannot be a plain message there, so the first message creates a forum post with that
title (and the forum's tags whose names the topic holds); the others go into its thread. After a crash, a post
whose first message was recorded is read back from its thread; one whose first message may have gone out
unrecorded is given up (a forum cannot be read back by channel), never posted twice.

Pings: a schedule's ``ping_role_id`` is mentioned in the first message of a post that has at least one story,
with allowed mentions naming exactly that role; nothing else ever pings.
"""

from __future__ import annotations

import asyncio
import hashlib
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol

from bot.chat.poster import Poster, PostError
from bot.config import find_zone
from bot.delivery.budget import RateBudget
from bot.delivery.sink import Resolution, Target, Verdict
from bot.digest.escape import shorten
from bot.digest.render import DiscordMessage
from bot.limits.discord import APPLIED_TAGS_MAX, CONTENT_MAX, THREAD_NAME_MAX
from bot.models import Digest
from bot.store import deliveries, schedules
from bot.store.db import Database
from bot.store.records import CHANNEL_TARGET, ChannelSchedule, Delivery, TargetRef, TargetTable

log = logging.getLogger(__name__)

FORUM_INTERRUPTED = "interrupted while creating its forum post; not posted again, as it may have arrived"
TEST_LINE = "🧪 **Test post** (from /schedule test): not the day's post, which still comes at its time."
PARALLEL = 16  # channel posts in flight at once: enough to spend a process's rate budget over a slow network


class DiscordRenderer(Protocol):
    """The part of ``bot.digest.render.Renderer`` the Discord sinks call."""

    def discord_messages(self, digest: Digest) -> list[DiscordMessage]:
        """Split a digest into messages within Discord's limits."""
        ...


@dataclass(frozen=True, slots=True)
class ChannelPost:
    """One message of a channel post: the message, and what only the first one does."""

    message: DiscordMessage
    first: bool = False
    title: str = ""  # the thread's or forum post's name
    ping_role_id: int | None = None  # set on the first message of a post with a story, when the schedule pings
    test: bool = False  # a /schedule test post: never recorded, never pinging

    def payload(self) -> dict[str, Any]:
        """Return the JSON body as it goes out (a forum's first message is the forum post's ``message``)."""
        body = self.message.payload()
        if self.ping_role_id is not None:
            body["allowed_mentions"] = {"parse": [], "roles": [str(self.ping_role_id)]}
        return body


def channel_target(schedule: ChannelSchedule) -> Target:
    """Return the core's view of a channel schedule."""
    return Target(
        ref=TargetRef(TargetTable.SCHEDULE, schedule.id),
        time=schedule.time,
        timezone=schedule.timezone,
        topic=schedule.topic,
        created_at=schedule.created_at,
        label=f"schedule {schedule.id} for channel {schedule.channel_id}",
        channel_id=schedule.channel_id,
        guild_id=schedule.guild_id,
        filter=schedule.filter,
        thread=schedule.thread,
        ping_role_id=schedule.ping_role_id,
    )


def post_title(until: datetime, timezone: str, *, test: bool = False) -> str:
    """Return a post's thread or forum title: "News digest · Sat 5 Dec" on its local date."""
    zone = find_zone(timezone)
    day = until.astimezone(zone) if zone is not None else until
    title = f"News digest · {day:%a} {day.day} {day:%b}"
    return shorten(f"Test · {title}" if test else title, THREAD_NAME_MAX)


_WORD = re.compile(r"\w+")


def matching_tags(tags: Sequence[tuple[int, str]], topic: str | None) -> list[int]:
    """Return the ids of the forum tags whose every word the topic holds (not as ``-word``), at most five."""
    if not topic:
        return []
    wanted = {w.casefold() for w in _WORD.findall(re.sub(r"(^|\s)-\S+", " ", topic)) if w.upper() != "OR"}
    found = [
        tag_id for tag_id, name in tags if (words := {w.casefold() for w in _WORD.findall(name)}) and words <= wanted
    ]
    return found[:APPLIED_TAGS_MAX]


def render_posts(renderer: DiscordRenderer, digest: Digest, target: Target, *, test: bool = False) -> list[ChannelPost]:
    """Return a channel post's messages as they go out: the digest, its ping or test line, the first's title."""
    messages = renderer.discord_messages(digest)
    if not messages:
        return []
    first = messages[0]
    ping = target.ping_role_id if digest.items and not test else None
    lead = [TEST_LINE] if test else []
    if ping is not None:
        lead.append(f"<@&{ping}>")
    if lead:
        content = "\n".join([*lead, first.content]) if first.content else "\n".join(lead)
        first = DiscordMessage(content=shorten(content, CONTENT_MAX), embeds=first.embeds)
    title = post_title(digest.until, target.timezone, test=test)
    posts = [ChannelPost(first, first=True, title=title, ping_role_id=ping, test=test)]
    posts += [ChannelPost(m, title=title, test=test) for m in messages[1:]]
    return posts


def message_nonce(channel_id: int, key: str) -> str:
    """Return the nonce of a post's message: the same in every process and attempt, 24 characters (Discord: 25).

    discord.py sends a nonce with ``enforce_nonce: true``: Discord then returns the message this author created
    with that nonce in the past few minutes instead of creating a second one. A message sent twice (the owner of
    a claim stalled past its lease while the process that took it over re-sent it; an attempt retried after an
    answer that never came) so arrives once, whichever process sends it, as long as the two are minutes apart at
    most; the leases (``bot.delivery.owner``) keep later repeats from being sent at all. The channel is hashed in,
    so two databases on one bot token (whose delivery ids overlap) never share one.
    """
    return hashlib.blake2b(f"{channel_id}|{key}".encode(), digest_size=12).hexdigest()


class ChannelSink:
    """Posts to Discord channels through the bot's :class:`~bot.chat.poster.Poster`."""

    name = CHANNEL_TARGET

    def __init__(
        self,
        db: Database,
        poster: Poster,
        renderer: DiscordRenderer,
        ready: asyncio.Event,
        *,
        budget: RateBudget | None = None,
    ) -> None:
        self.db = db
        self.poster = poster
        self.renderer = renderer
        self._ready = ready
        self._forum_threads: dict[tuple[TargetRef, bool], int] = {}  # the forum post being sent (or test post)
        self.budget = budget  # the process's share of the bot token's global limit (bot.delivery.budget)

    async def _spend(self) -> None:
        if self.budget is not None:
            await self.budget.take()

    async def ready(self) -> bool:
        """Wait for the gateway: history and channels are only there once connected."""
        await self._ready.wait()
        return True

    async def targets(self) -> list[Target]:
        """Return the enabled channel schedules."""
        return [channel_target(s) for s in await schedules.list_schedules(self.db, enabled_only=True)]

    async def target(self, ref: TargetRef) -> Target | None:
        """Return one enabled channel schedule."""
        found = await schedules.get_any_schedule(self.db, ref.id)
        if not isinstance(found, ChannelSchedule) or not found.enabled:
            return None
        return channel_target(found)

    def render(self, digest: Digest, target: Target) -> Sequence[object]:
        """Render with the bot's templates, escaping and Discord limits (module doc: pings and titles)."""
        return render_posts(self.renderer, digest, target)

    def is_forum(self, target: Target) -> bool:
        """Return whether the target's channel is a forum channel (its posts are forum posts)."""
        return target.channel_id is not None and self.poster.forum_tags(target.channel_id) is not None

    async def send(self, target: Target, message: object, *, key: str | None = None) -> str:
        """Post one message (in a forum: the first creates the forum post); its Discord id identifies it.

        With ``key``, the message carries a nonce made from it, which Discord enforces (``message_nonce``).
        """
        assert isinstance(message, ChannelPost)  # noqa: S101 - from render()
        assert target.channel_id is not None  # noqa: S101 - every channel target has one
        await self._spend()
        tags = self.poster.forum_tags(target.channel_id)
        nonce = None if key is None else message_nonce(target.channel_id, key)
        if tags is None:
            [posted] = await self.poster.send(
                target.channel_id, [message.message], mention_role=message.ping_role_id, nonce=nonce
            )
            return str(posted)
        if message.first:
            posted = await self.poster.forum_post(
                target.channel_id,
                message.title,
                message.message,
                tag_ids=matching_tags(tags, target.topic),
                mention_role=message.ping_role_id,
            )
            self._forum_threads[(target.ref, message.test)] = posted
            return str(posted)
        thread = await self._forum_thread(target, test=message.test)
        [posted] = await self.poster.send(thread, [message.message], nonce=nonce)
        return str(posted)

    def forget_test(self, target: Target) -> None:
        """Forget the forum post of a finished test post."""
        self._forum_threads.pop((target.ref, True), None)

    async def _forum_thread(self, target: Target, *, test: bool) -> int:
        known = self._forum_threads.get((target.ref, test))
        if known is not None:
            return known
        # A retry after a restart: the post's first message id is its forum post's (thread's) id.
        last = await deliveries.last_delivery(self.db, target.ref)
        if test or last is None or not last.message_ids or not last.message_ids[0].isdigit():
            raise PostError("the forum post of this digest is not known any more", retry=False)
        return int(last.message_ids[0])

    async def resolve(self, target: Target, delivery: Delivery) -> Resolution:
        """Look in the channel (a forum post: its thread) for this bot's posts since the claim."""
        assert target.channel_id is not None  # noqa: S101 - every channel target has one
        await self._spend()
        where = target.channel_id
        if self.is_forum(target):
            if not delivery.message_ids or not delivery.message_ids[0].isdigit():
                if delivery.sending:
                    return Resolution(Verdict.GIVE_UP, reason=FORUM_INTERRUPTED)
                return Resolution(Verdict.RESEND)
            where = int(delivery.message_ids[0])
        try:
            posted = await self.poster.own_posts_since(where, delivery.claimed_at)
        except PostError as exc:
            log.warning("cannot check channel %s for an unfinished post (%s); posting it", where, exc)
            posted = []
        if where != target.channel_id:
            posted = [int(delivery.message_ids[0]), *(i for i in posted if str(i) != delivery.message_ids[0])]
        if posted:
            return Resolution(Verdict.SENT, tuple(str(i) for i in posted))
        return Resolution(Verdict.RESEND)

    async def open_thread(self, target: Target, message_id: int, title: str) -> str | None:
        """Open the post's thread on its first message; return the problem, if any (said, never retried)."""
        assert target.channel_id is not None  # noqa: S101 - every channel target has one
        try:
            await self.poster.open_thread(target.channel_id, message_id, title, guild_id=target.guild_id)
        except PostError as exc:
            log.warning("could not open the thread of %s: %s", target.label, exc)
            return f"the post went out, but its thread could not be opened: {exc}"
        return None

    async def note(self, target: Target, problem: str | None) -> None:
        """Show the problem in /schedule show."""
        await schedules.set_last_error(self.db, target.ref.id, problem)

    async def sent(self, target: Target, delivery: Delivery) -> None:
        """Remember what the channel has seen (so /digest shows what is new since); open the post's thread."""
        if target.channel_id is None:
            return
        await deliveries.set_last_digest_at(self.db, target.channel_id, delivery.until or delivery.claimed_at)
        self._forum_threads.pop((target.ref, False), None)
        if not target.thread or self.is_forum(target) or not delivery.message_ids:
            return
        first = delivery.message_ids[0]
        if first.isdigit():
            title = post_title(delivery.until or delivery.claimed_at, target.timezone)
            problem = await self.open_thread(target, int(first), title)
            if problem is not None:
                await self.note(target, f"{delivery.slot}: {problem}")

    async def end_round(self) -> None:
        """Nothing is held between messages."""
