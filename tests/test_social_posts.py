"""Social posts and threads copied from the web into a drop folder: X, Bluesky, Mastodon, LinkedIn (bot.text.posts).

Own fixtures throughout: a harbour board's vote on a fictional island's ferry pier, told in each site's copied shape.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.ingest.formats import parse_retrieved
from bot.models import Article, Retrieved
from bot.text.pasted import paragraph_lines
from bot.text.posts import social_post

NOW = datetime(2026, 12, 7, 18, 0, tzinfo=UTC)

_FIRST = (
    "The harbour board voted 7-2 tonight to close the old ferry pier at Keldwick for two years of repairs. "
    "A thread on what changes for commuters \U0001f9f5"
)
_SECOND = (
    "Ferries will dock at the temporary pontoon by the fish market from January 4. The walk from the bus "
    "station is about six minutes longer."
)
_THIRD = "Season tickets stay valid, and the board says the timetable will not change. Repairs cost 4.2 million."
_HEADLINE = "The harbour board voted 7-2 tonight to close the old ferry pier at Keldwick for two years\u2026"


def parse(text: str) -> Article:
    (article,) = parse_retrieved(Retrieved(data=text.encode("utf-8"), name="post.txt", location="post.txt"), now=NOW)
    return article


_X_THREAD = [
    "Post", "Ann Lee", "@annlee_news", _FIRST, "2:14 PM \u00b7 Dec 7, 2026", "\u00b7", "12.3K Views",
    "14", "52", "198", "9",
    "Ann Lee", "@annlee_news", "\u00b7", "Dec 7", _SECOND, "3", "11", "40",
    "Ann Lee", "@annlee_news", "\u00b7", "Dec 7", _THIRD, "Show more", "#Keldwick #ferries", "2", "8", "31",
    "Tom Birk", "@tombirk", "\u00b7", "Dec 7", "Will the night ferry still run?", "1",
]  # fmt: skip
_BLUESKY = [
    "Ann Lee", "@annlee.bsky.social", "Follow", _FIRST, "December 7, 2026 at 2:14 PM", "Everybody can reply",
    "12 reposts", "3 quotes", "45 likes",
    "Ann Lee", "@annlee.bsky.social", "\u00b7 3h", _SECOND, "2", "9",
    "Ann Lee", "@annlee.bsky.social", "\u00b7 3h", _THIRD, "1", "4",
]  # fmt: skip
_MASTODON = [
    "Ann Lee", "@annlee@mastodon.example", _FIRST, "Dec 7, 2026, 14:14", "\u00b7", "Edited", "\u00b7", "Web",
    "\u00b7", "12", "\u00b7", "31",
    "Ann Lee", "@annlee@mastodon.example", "\u00b7", "Dec 7", _SECOND,
    "Ann Lee", "@annlee@mastodon.example", "\u00b7", "Dec 7", _THIRD,
]  # fmt: skip


# X's post page with the counters' labels on lines of their own, a flag after the writer's name.
_X_LABELLED = [
    "Conversation", "Ann Lee \U0001f1f3\U0001f1f4", "@annlee_news", "Follow", _FIRST, "Translate post",
    "2:14 PM \u00b7 Dec 7, 2026", "\u00b7", "12.3K", "Views", "52", "Reposts", "9", "Quotes", "198", "Likes",
    "Ann Lee \U0001f1f3\U0001f1f4", "@annlee_news", "\u00b7", "Dec 7", "Replying to @annlee_news", _SECOND,
    "Ann Lee \U0001f1f3\U0001f1f4", "@annlee_news", "\u00b7", "Dec 7", _THIRD, "Post your reply", "Discover more",
]  # fmt: skip


@pytest.mark.parametrize(
    "lines", [_X_THREAD, _X_LABELLED, _BLUESKY, _MASTODON], ids=["x", "x-labelled", "bluesky", "mastodon"]
)
def test_a_copied_thread_reads_as_its_writer_s_posts(lines: list[str]) -> None:
    """The middle posts were lost (the body started under the last post's header) and the writer was none; the
    counters, "Show more" and the hashtags were body text. Someone else's reply under the thread is no part of it."""
    article = parse("\n".join(lines))
    assert article.author == "Ann Lee"
    assert article.body == (_FIRST, _SECOND, _THIRD)
    assert article.title == _HEADLINE
    assert article.published is not None
    assert article.published.isoformat()[:10] == "2026-12-07"


def test_a_single_post_with_its_counters() -> None:
    article = parse("\n".join(["Ann Lee", "@annlee_news", _SECOND, "9:02 AM \u00b7 Dec 6, 2026", "4,108 Views"]))
    assert (article.author, article.body) == ("Ann Lee", (_SECOND,))
    assert article.title == "Ferries will dock at the temporary pontoon by the fish market from January 4"
    assert article.published is not None
    assert article.published.isoformat()[:10] == "2026-12-06"


_POST = (
    "We signed our first contract with the port of Troms\u00f8 today: twelve automated cranes will move containers "
    "on the north quay from next autumn.",
    "It took three years of trials in all weathers, and I thank the dockworkers who told us what did not work.",
)


@pytest.mark.parametrize(
    "header",
    [
        ["Ingrid Dahl", "Chief Executive at Harbourline Robotics", "1h \u2022"],
        [
            "Ingrid Dahl",
            "Ingrid Dahl",
            "\u2022 2nd",
            "Chief Executive at Harbourline Robotics",
            "1h \u2022 Edited \u2022",
        ],
    ],
    ids=["plain", "name-twice-degree-edited"],
)
@pytest.mark.parametrize(
    "under",
    [
        ["\u2026see more", "#ports #automation", "84", "6 comments"],
        [
            "\u2026more",
            "Activate to view larger image",
            "\U0001f44d\u2764\ufe0f 84",
            "Ola Berg and 83 others",
            "2 reposts",
        ],
    ],
    ids=["counters", "picture-reactions"],
)
def test_a_linkedin_post_has_its_writer_day_and_text(header: list[str], under: list[str]) -> None:
    """The name (or the job) was the headline, the post undated; the buttons were no part of the body only by luck."""
    text = "\n".join(
        [*header, *_POST, *under, "Like", "Comment", "Repost", "Send", "Ola Berg", "Great news for the north quay!"]
    )
    article = parse(text)
    assert article.author == "Ingrid Dahl"
    assert article.body == _POST
    assert (
        article.title
        == "We signed our first contract with the port of Troms\u00f8 today: twelve automated cranes will\u2026"
    )
    assert article.published == datetime(2026, 12, 7, 17, 0, tzinfo=UTC)


_STORY = (
    "Keldwick's harbour board voted on Monday to close the old ferry pier for two years, its chair said.",
    "Commuters will walk six minutes further from the bus station to a temporary pontoon.",
    "Season tickets stay valid and the timetable will not change, the board said in its papers.",
)
_STORY_HEADLINE = "Keldwick ferry pier to close for two years of repairs"


def test_a_story_with_a_post_embedded_in_it_is_read_as_a_story() -> None:
    """A post's header in the middle of a story (an embedded post) makes no post of the copy."""
    embedded = ["Ann Lee", "@annlee_news", _SECOND, "2:14 PM \u00b7 Dec 7, 2026"]
    text = "\n".join([_STORY_HEADLINE, "By Ola Berg", "December 7, 2026", _STORY[0], *embedded, *_STORY[1:]])
    assert social_post(paragraph_lines(text), NOW) is None
    article = parse(text)
    assert article.title == _STORY_HEADLINE
    assert article.author == "Ola Berg"


@pytest.mark.parametrize(
    "top",
    [
        ["Ann Lee", "@annlee_news", "Dec 7, 2026"],  # a byline with the writer's handle, the day under it
        ["Ann Lee", "@annlee_news"],
        ["Ingrid Dahl", "Chief Executive at Harbourline Robotics", "1h \u2022"],  # one button under the text
        ["Ola Berg", "Harbour reporter", "2h"],  # a news site's time since, no LinkedIn bullet
    ],
    ids=["byline-handle-day", "byline-handle", "linkedin-shape-one-button", "news-time-since"],
)
def test_a_story_under_its_writer_s_name_and_handle_is_no_post(top: list[str]) -> None:
    """A post's day closes its text (or follows a "·" in its header); a story's headline and paragraphs run on."""
    text = "\n".join(
        [*top, _STORY_HEADLINE, *_STORY, "Share", "Updated December 7, 2026", "Like", "More from Ola Berg"]
    )
    assert social_post(paragraph_lines(text), NOW) is None
