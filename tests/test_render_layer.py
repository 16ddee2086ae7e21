"""One rendering layer: one template environment, one URL rule, each service's limits in one module."""

import re
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from newsletter_support import sample_digest

from bot.digest import discord as packing
from bot.digest import templating
from bot.digest.escape import reader_url, safe_url
from bot.digest.render import Renderer
from bot.errors import ConfigError
from bot.limits import discord as discord_limits
from bot.newsletter.render import NewsletterRenderer, build_view, safe_link
from bot.text.identity import without_tracking
from bot.webhooks.slack_payload import slack_messages

ROOT = Path(__file__).resolve().parents[1]


def test_digest_and_newsletter_share_one_environment(tmp_path):
    assert Renderer().env is NewsletterRenderer().env
    assert Renderer(tmp_path).env is NewsletterRenderer(tmp_path).env
    assert Renderer(tmp_path).env is not Renderer().env


def test_templates_dir_overrides_the_newsletter_too(tmp_path):
    (tmp_path / "newsletter.txt.j2").write_text("MINE {{ items | length }} {{ view.title | md }}\n", encoding="utf-8")
    view = build_view(sample_digest(2), ZoneInfo("UTC"))
    assert NewsletterRenderer(tmp_path).text(view).startswith("MINE 2 ")
    assert "<html" in NewsletterRenderer(tmp_path).html(view).lower()  # the bundled one, for what was not copied


def test_a_broken_newsletter_template_is_found_when_run_starts(tmp_path):
    (tmp_path / "newsletter.html.j2").write_text("{% for %}", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"TEMPLATES_DIR: template .*newsletter\.html\.j2 line 1"):
        Renderer(tmp_path).check()


def test_missing_folder_is_refused_by_every_renderer(tmp_path):
    for make in (Renderer, NewsletterRenderer, templating.environment):
        with pytest.raises(ConfigError, match=r"TEMPLATES_DIR: .* is not a folder"):
            make(tmp_path / "nowhere")


@pytest.mark.parametrize(
    "url",
    ["https://example.org/a\nInjected: line", "https://example.org/a\tb", "https://example.org/\x07", "h" * 3000],
)
def test_newsletter_links_follow_the_one_url_rule(url):
    # Before, the newsletter's own rule let whitespace and control characters through: a URL with a newline
    # put a line of the article's choosing into the plain-text edition.
    assert safe_link(url) is None
    assert safe_url(url) is None
    digest = sample_digest(1)
    article = replace(digest.items[0].article.article, url=url)
    stored = replace(digest.items[0].article, article=article, canonical_url=None)
    view = build_view(replace(digest, items=(replace(digest.items[0], article=stored),)), ZoneInfo("UTC"))
    assert view.items[0].url is None
    assert "Injected: line" not in NewsletterRenderer().text(view)


def test_a_link_holding_characters_no_url_may_hold_is_kept_encoded():
    """A feed's link with a space was no link at all, in every output; one with '>' or '<' ended the markdown
    digest's ``(<url>)`` early, the rest of the address shown as text. They go out percent-encoded, as a browser
    sends them; in the host they still refuse the link."""
    written = 'https://news.example/a b>c<d|e"f{g}h^i`j\\k?q=<@&1> x'
    encoded = "https://news.example/a%20b%3Ec%3Cd%7Ce%22f%7Bg%7Dh%5Ei%60j%5Ck?q=%3C@&1%3E%20x"
    assert safe_url(written) == encoded
    assert reader_url(written) == encoded
    assert safe_url("https://en.example.org/wiki/Pier_(structure)") == "https://en.example.org/wiki/Pier_(structure)"
    for host in ("https://news example/a", "https://news.example<x/a", "https://good.example\\@evil.example/"):
        assert safe_url(host) is None, host
    digest = sample_digest(1)
    article = replace(digest.items[0].article.article, url=written)
    stored = replace(digest.items[0].article, article=article, canonical_url=None)
    digest = replace(digest, items=(replace(digest.items[0], article=stored),))
    assert f"](<{encoded}>)" in Renderer().render(digest, "markdown")
    assert f"   {encoded}\n" in Renderer().render(digest, "text")
    [embed] = Renderer().discord_messages(digest)[0].embeds
    assert embed["url"] == encoded
    assert f"   {encoded}\n" in NewsletterRenderer().text(build_view(digest, ZoneInfo("UTC")))
    [slack] = slack_messages(digest)
    assert slack["blocks"][2]["text"]["text"].startswith(f"*<{encoded}|")


def test_each_services_limits_live_in_one_module():
    from bot.limits import email as email_limits
    from bot.limits import slack as slack_limits

    for name in ("CONTENT_MAX", "EMBEDS_PER_MESSAGE", "EMBED_TOTAL_MAX", "TITLE_MAX", "DESCRIPTION_MAX"):
        assert getattr(packing, name) is getattr(discord_limits, name)
    services = (discord_limits, slack_limits, email_limits)
    names = "|".join(sorted({n for module in services for n in dir(module) if n.isupper() and n[0] != "_"}))
    restated = re.compile(rf"^\s*({names}|DESCRIPTION_LIMIT)\s*(?::\s*\w+\s*)?=\s*\d", re.M)
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "bot").rglob("*.py")
        if "limits" not in path.parts and restated.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_links_reach_readers_without_tracking_parameters():
    tracked = "https://Example.org/a/b?id=7&utm_source=rss&utm_medium=feed&q=tram%20line&fbclid=XYZ#part-2"
    clean = "https://Example.org/a/b?id=7&q=tram%20line#part-2"
    assert without_tracking(tracked) == clean  # the rest as written: host case, order, encoding, fragment
    assert without_tracking("http://example.org/a?utm_source=x") == "http://example.org/a"  # scheme kept
    assert without_tracking("https://example.org/a?page=2") == "https://example.org/a?page=2"
    assert reader_url(" " + tracked + " ") == clean
    assert reader_url("javascript:alert(1)?utm_source=x") is None
    digest = sample_digest(1)
    article = replace(digest.items[0].article.article, url=tracked)
    stored = replace(digest.items[0].article, article=article, canonical_url=None)
    digest = replace(digest, items=(replace(digest.items[0], article=stored),))
    assert build_view(digest, ZoneInfo("UTC")).items[0].url == clean
    newsletter = NewsletterRenderer()
    view = build_view(digest, ZoneInfo("UTC"))
    for edition in (newsletter.text(view), newsletter.html(view)):
        assert "utm_" not in edition
        assert "fbclid" not in edition
        assert "id=7" in edition
    renderer = Renderer()
    for fmt in ("markdown", "html", "text"):
        rendered = renderer.render(digest, fmt)
        assert "id=7" in rendered
        assert "utm_" not in rendered
        assert "fbclid" not in rendered
    embed_links = [e.get("url") for m in renderer.discord_messages(digest) for e in m.embeds]
    assert embed_links == [clean]


def test_a_feed_s_bare_day_is_that_day_for_readers_west_of_greenwich():
    # A feed dated "2026-12-05" was stored as its midnight UTC, and Discord's <t:...:D> showed readers in the
    # Americas 4 December. The day stays a day, counted as its noon UTC (the same day almost everywhere).
    from bot.ingest.feeds import parse_feed

    data = (
        b"<rss version='2.0'><channel><title>Town</title><item><title>Market moves to the church square</title>"
        b"<link>https://town.example/market</link><pubDate>2026-12-05</pubDate>"
        b"<description>The weekly market moves because of roadworks.</description></item></channel></rss>"
    )
    (entry,) = parse_feed(data, now=datetime(2026, 12, 7, tzinfo=UTC)).entries
    assert entry.article.published == date(2026, 12, 5)
    digest = sample_digest(1)
    stored = replace(digest.items[0].article, article=entry.article)
    digest = replace(digest, items=(replace(digest.items[0], article=stored),))
    (message,) = Renderer().discord_messages(digest)
    noon = int(datetime(2026, 12, 5, 12, tzinfo=UTC).timestamp())
    assert f"<t:{noon}:D>" in message.embeds[0]["description"]
