"""Why-not: why an article is, or is not, in a digest.

:func:`explain` is a pure function over records (:class:`ExplainFacts`); :func:`gather` reads those records
for one window and filter. Today that is the window of a default digest (the last ``DIGEST_WINDOW``) and the
filter given on the command line; a schedule's explanation passes its own window and filter to
:func:`gather`, and adds its own findings (where and when a post went out) to the result.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from bot.digest.filters import Reason, describe
from bot.digest.select import Selection, select_window
from bot.models import DigestFilter, DigestItem, Feed, StoredArticle
from bot.store import lookup
from bot.store.db import Database


@dataclass(frozen=True, slots=True)
class ExplainFacts:
    """Everything the explanation of one article needs, read from the store."""

    found: lookup.Found
    sightings: tuple[lookup.Sighting, ...]  # every source that carried it (its own first, usually)
    story: tuple[StoredArticle, ...]  # every article of its story, itself included
    feed: Feed | None  # the feed of its source, if any
    selection: Selection  # the digest of the window, under the filter


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing found out: ``kind`` is a stable word for scripts, ``text`` a sentence for people."""

    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class Explanation:
    """The answer: a one-line verdict, then the findings that support it."""

    article_id: int
    in_digest: bool
    verdict: str
    findings: tuple[Finding, ...]


def _when(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%Y-%m-%d %H:%M} UTC"


def _name(stored: StoredArticle) -> str:
    title = " ".join(stored.article.title.split())
    return f"article {stored.id} (“{title[:80]}{'…' if len(title) > 80 else ''}”, {stored.source_name})"


def _position(items: Sequence[DigestItem], story_id: int) -> int | None:
    for index, item in enumerate(items):
        if item.article.story_id == story_id:
            return index
    return None


def _identity(facts: ExplainFacts) -> list[Finding]:
    found, stored = facts.found, facts.found.article
    out = [Finding("article", f"In the store: {_name(stored)}, arrived {_when(stored.arrived_at)}.")]
    if found.matched_by == "entry":
        text = f"That link was a duplicate entry of {_name(stored)}: it was not stored again."
        out.append(Finding("duplicate", text))
    others = [s for s in facts.sightings if s.source_id != stored.source_id]
    if others:
        names = ", ".join(f"{s.source_name} ({_when(s.first_seen)})" for s in others)
        out.append(Finding("duplicate", f"Duplicates of it, not stored again: {names}."))
    siblings = [a for a in facts.story if a.id != stored.id]
    if siblings:
        listed = "; ".join(_name(a) for a in siblings[:10])
        more = f" and {len(siblings) - 10} more" if len(siblings) > 10 else ""
        out.append(Finding("story", f"Story {stored.story_id} also holds {listed}{more}."))
    else:
        out.append(Finding("story", f"Story {stored.story_id}: no other article tells it."))
    return out


def _feed(feed: Feed | None) -> list[Finding]:
    if feed is None:
        return []
    if feed.paused:
        since = f" since {_when(feed.last_error_at)}" if feed.last_error_at else ""
        error = f": {feed.last_error}" if feed.last_error else ""
        return [Finding("feed", f"Its feed {feed.shown_url} is paused{since} after {feed.failures} failures{error}.")]
    return [Finding("feed", f"Its feed {feed.shown_url} is active.")]


def _selection(facts: ExplainFacts) -> tuple[bool, str, list[Finding]]:
    """Return (in the digest, verdict, findings) for the window and filter of the selection."""
    stored, sel = facts.found.article, facts.selection
    window = f"the window {_when(sel.since)} to {_when(sel.until)}"
    out: list[Finding] = []
    if facts.found.initial:
        out.append(Finding("initial", "Stored as its feed's backlog when the feed was added: never posted."))
        return False, "Not posted: it came with its feed's backlog.", out
    if not sel.since <= stored.arrived_at < sel.until:
        out.append(Finding("window", f"Arrived {_when(stored.arrived_at)}: outside {window}."))
        return False, "Not in the digest: it arrived outside the window.", out
    out.append(Finding("window", f"Arrived inside {window}."))
    shown_at = _position(sel.shown, stored.story_id)
    reasons = sel.dropped.get(stored.id, ())
    if reasons:
        out.extend(_filter_findings(stored, sel.filter, reasons))
    elif sel.filter.narrows:
        out.append(Finding("filter", f"It passes the filter ({describe(sel.filter)})."))
    if shown_at is not None:
        lead = sel.shown[shown_at].article
        under = "" if lead.id == stored.id else f", shown under {_name(lead)} with the other sources in “also in”"
        out.append(Finding("shown", f"Its story is #{shown_at + 1} of {len(sel.shown)} in the digest{under}."))
        return True, "In the digest.", out
    if reasons:
        which = ", ".join(r.value for r in reasons)
        return False, f"Not in the digest: left out by the filter ({which}).", out
    held_at = _position(sel.held, stored.story_id)
    if held_at is not None:
        order = {item.article.story_id: index for index, item in enumerate(sel.ranked)}
        rank = order.get(stored.story_id, 0)
        source = sel.held[held_at].article.source_name
        # A shown story ranked below this one got in only because this one's source had its share.
        lower = any(order.get(item.article.story_id, 0) > rank for item in sel.shown)
        why = (
            f"{source} already leads its fair share of the post while other sources have stories"
            if lower
            else "better-ranked stories fill the post"
        )
        out.append(
            Finding(
                "max_stories",
                f"Over max_stories: its story ranks #{rank + 1} of {len(sel.ranked)}, a post shows"
                f" {sel.filter.max_stories}, and {why}; it is counted in the “and {len(sel.held)} more” line.",
            )
        )
        return False, "Not in the digest: over max_stories.", out
    return False, "Not in the digest.", out


def _filter_findings(stored: StoredArticle, filt: DigestFilter, reasons: Sequence[Reason]) -> list[Finding]:
    out = []
    for reason in reasons:
        if reason is Reason.SOURCES:
            names = ", ".join(f"“{n}”" for n in filt.sources)
            out.append(Finding("filter", f"Left out by sources: “{stored.source_name}” is not among {names}."))
        elif reason is Reason.TOPIC:
            out.append(Finding("filter", f"Left out by topic: it does not match “{filt.topic}”."))
        else:
            out.append(Finding("filter", f"Left out by exclude: its story holds a word of “{filt.exclude}”."))
    return out


def explain(facts: ExplainFacts) -> Explanation:
    """Say whether the article is in the selection's digest and why (or why not)."""
    in_digest, verdict, window = _selection(facts)
    findings = (*_identity(facts), *window, *_feed(facts.feed))
    return Explanation(facts.found.article.id, in_digest, verdict, findings)


async def gather(
    db: Database, wanted: str, *, since: datetime, until: datetime, filt: DigestFilter
) -> ExplainFacts | None:
    """Read what :func:`explain` needs about the article ``wanted`` (an id or a link); None if not stored.

    Raises:
        InvalidSearchQueryError: when a filter text has nothing searchable.
        StoreError: when the database fails.
    """
    found = await lookup.find_article(db, wanted)
    if found is None:
        return None
    stored = found.article
    return ExplainFacts(
        found=found,
        sightings=tuple(await lookup.sightings(db, stored.id)),
        story=tuple(await lookup.story_articles(db, stored.story_id)),
        feed=await lookup.feed_of_source(db, stored.source_id),
        selection=await select_window(db, since, until, filt),
    )
