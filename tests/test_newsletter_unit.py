"""Small pure parts of the newsletter: link safety, dates, escaping in the HTML."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from newsletter_support import sample_digest

from bot.newsletter.render import NewsletterRenderer, build_view, format_published, safe_link


def test_only_http_links_become_hrefs():
    assert safe_link("https://example.org/a") == "https://example.org/a"
    assert safe_link(" http://example.org ") == "http://example.org"
    for bad in ["javascript:alert(1)", "data:text/html,x", "ftp://example.org/", "https://", "", None]:
        assert safe_link(bad) is None


def test_dates_in_the_readers_zone():
    berlin = ZoneInfo("Europe/Berlin")
    assert format_published(datetime(2025, 10, 17, 22, 30, tzinfo=UTC), berlin) == "18 Oct 2025, 00:30"
    assert format_published(date(2025, 3, 5), berlin) == "5 Mar 2025"
    assert format_published(None, berlin) is None


def test_hostile_article_text_is_escaped_and_unlinked_headlines_stay_text():
    digest = sample_digest(2)
    evil = replace(
        digest.items[0].article.article,
        title='<script>alert("x")</script>',
        url="javascript:alert(1)",
        key_points=("<img src=x onerror=alert(1)>",),
    )
    items = (replace(digest.items[0], article=replace(digest.items[0].article, article=evil)), digest.items[1])
    html = NewsletterRenderer().html(build_view(replace(digest, items=items), ZoneInfo("UTC")))
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert "javascript:" not in html
    assert "<img src=x" not in html
    assert "<span>&lt;script&gt;" in html  # no link for an unsafe URL: the headline is plain text
