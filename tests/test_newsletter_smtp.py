"""The newsletter end to end: a real SMTP server on 127.0.0.1 receives what `newsletter send` sends."""

from __future__ import annotations

import email
import email.policy
import re
from datetime import timedelta

import pytest
from markupsafe import escape
from newsletter_support import (
    REFUSED,
    STORIES,
    digest_from_store,
    free_port,
    running_inbox,
    settings_for,
    store_stories,
)

from bot.config import Settings
from bot.errors import ConfigError
from bot.newsletter import commands
from bot.newsletter.errors import InvalidAddressError, SmtpError, UnknownRecipientError
from bot.newsletter.records import Outcome
from bot.store import deliveries
from bot.store import newsletter as store


@pytest.fixture
def inbox():
    yield from running_inbox()


async def subscribe(db, settings, clock, *addresses):
    for address in addresses:
        await commands.add(db, settings, clock, address)


async def test_send_delivers_both_parts_with_list_headers(db, clock, inbox):
    handler, port = inbox
    settings = settings_for(port)
    await store_stories(db, clock.now() - timedelta(hours=2))
    await subscribe(db, settings, clock, "Reader.One@Example.org")

    report = await commands.send(db, settings, clock, since=timedelta(hours=24), digest_builder=digest_from_store)

    assert [r.outcome for r in report.results] == [Outcome.SENT]
    assert len(handler.messages) == 1
    message = handler.messages[0]
    assert handler.envelopes[0] == ("news@digest.example", ["Reader.One@example.org"])
    assert message["To"] == "Reader.One@example.org"
    assert message["From"].addresses[0].addr_spec == "news@digest.example"
    assert message["Subject"].startswith("News digest, Friday 17 Oct 2025 (4 stories)")
    assert re.fullmatch(r"<[^<>@\s]+@digest\.example>", message["Message-ID"])
    assert message["Message-ID"] == report.results[0].message_id
    assert message["Date"] is not None

    token = (await store.get_recipient(db, "reader.one@example.org")).unsubscribe_token
    unsubscribe = str(message["List-Unsubscribe"])
    links = re.findall(r"<([^>]+)>", unsubscribe)
    assert links == [
        f"https://digest.example/newsletter/unsubscribe?token={token}",
        f"mailto:news@digest.example?subject=unsubscribe%20{token}",
    ]
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for title, url, _ in STORIES:
        assert url in text
        assert f'href="{escape(url)}" style="color:#0a58ca;text-decoration:none;">{escape(title)}</a>' in html
    # Text is escaped in HTML and left alone in plain text.
    assert "Library extends opening hours &lt;for&gt; students" in html
    assert "Library extends opening hours <for> students" in text
    assert "Work starts in spring &amp; ends in 2027." in html
    assert f"https://digest.example/newsletter/unsubscribe?token={token}" in html


async def test_refused_recipient_does_not_stop_the_others_and_is_retried_later(db, clock, inbox):
    handler, port = inbox
    settings = settings_for(port)
    await store_stories(db, clock.now() - timedelta(hours=1))
    await subscribe(db, settings, clock, "a@example.org", REFUSED, "z@example.org")

    report = await commands.send(db, settings, clock, digest_builder=digest_from_store)

    outcomes = {r.address: r.outcome for r in report.results}
    assert outcomes == {"a@example.org": Outcome.SENT, REFUSED: Outcome.FAILED, "z@example.org": Outcome.SENT}
    failed = next(r for r in report.results if r.outcome is Outcome.FAILED)
    assert "refused" in failed.detail
    assert "550" in failed.detail
    assert sorted(m["To"] for m in handler.messages) == ["a@example.org", "z@example.org"]
    assert not report.ok

    # A restart the same day: nothing is sent twice; only the refused one is tried again.
    clock.advance(600)
    again = await commands.send(db, settings, clock, digest_builder=digest_from_store)
    outcomes = {r.address: r.outcome for r in again.results}
    assert outcomes == {
        "a@example.org": Outcome.ALREADY_SENT,
        REFUSED: Outcome.FAILED,
        "z@example.org": Outcome.ALREADY_SENT,
    }
    assert len(handler.messages) == 2
    recorded = await store.deliveries(db)
    assert sorted(d.status.value for d in recorded) == ["failed", "sent", "sent"]

    # The next local day is a new edition.
    clock.advance(24 * 3600)
    await store_stories(db, clock.now())  # duplicates: no new articles, so the window is empty
    third = await commands.send(db, settings, clock, since=timedelta(hours=1), digest_builder=digest_from_store)
    assert {r.outcome for r in third.results} == {Outcome.EMPTY}


async def test_dry_run_writes_one_eml_per_recipient_and_sends_nothing(db, clock, inbox, tmp_path):
    handler, port = inbox
    settings = settings_for(port)
    await store_stories(db, clock.now() - timedelta(hours=1))
    await subscribe(db, settings, clock, "one@example.org", "two@example.org")
    out = tmp_path / "out"

    report = await commands.send(db, settings, clock, dry_run=True, out_dir=out, digest_builder=digest_from_store)

    files = sorted(out.glob("*.eml"))
    assert [f.name for f in files] == ["2025-10-17_one@example.org.eml", "2025-10-17_two@example.org.eml"]
    assert {r.outcome for r in report.results} == {Outcome.WRITTEN}
    parsed = email.message_from_bytes(files[0].read_bytes(), policy=email.policy.default)
    assert parsed["To"] == "one@example.org"
    assert "List-Unsubscribe" in parsed
    assert parsed.get_body(("html",)) is not None
    assert handler.messages == []
    assert await store.deliveries(db) == []  # a dry run consumes no edition


async def test_unreachable_server_is_a_plain_error_and_releases_the_edition(db, clock):
    settings = settings_for(free_port())  # nothing listens there
    await store_stories(db, clock.now() - timedelta(hours=1))
    await subscribe(db, settings, clock, "a@example.org", "b@example.org", "c@example.org")

    report = await commands.send(db, settings, clock, digest_builder=digest_from_store)

    assert [r.outcome for r in report.results] == [Outcome.FAILED] * 3
    assert "cannot connect to the mail server 127.0.0.1" in report.results[0].detail
    assert report.results[2].detail.startswith("not tried:")
    assert {d.status.value for d in await store.deliveries(db)} == {"failed"}


async def test_add_validates_normalises_and_updates(db, clock):
    settings = Settings(smtp_from="news@digest.example")
    first = await commands.add(db, settings, clock, " Someone@EXAMPLE.org ")
    assert first.new
    assert first.recipient.address == "Someone@example.org"
    again = await commands.add(db, settings, clock, "someone@example.org", at="7:05", timezone="Europe/Berlin")
    assert not again.new
    assert (again.recipient.time, again.recipient.timezone) == ("07:05", "Europe/Berlin")
    assert again.recipient.unsubscribe_token == first.recipient.unsubscribe_token
    assert [r.address for r in await commands.list_all(db)] == ["Someone@example.org"]
    for bad in ["no-at-sign", "a@b", "a b@example.org", "a@exa_mple.org", "x@example.org\r\nBcc: y@example.org"]:
        with pytest.raises(InvalidAddressError):
            await commands.add(db, settings, clock, bad)
    with pytest.raises(Exception, match="not a time like"):
        await commands.add(db, settings, clock, "x@example.org", at="25:00")
    with pytest.raises(Exception, match="IANA"):
        await commands.add(db, settings, clock, "x@example.org", at="07:00", timezone="Mars/Olympus")
    assert await commands.remove(db, "SOMEONE@example.org") == "Someone@example.org"
    with pytest.raises(UnknownRecipientError):
        await commands.remove(db, "someone@example.org")


async def test_due_only_sends_at_the_recipients_local_time(db, clock, inbox):
    handler, port = inbox
    settings = settings_for(port)
    await store_stories(db, clock.now() - timedelta(hours=1))
    # 09:00 UTC is 11:00 in Berlin (CEST) and 05:00 in New York.
    await commands.add(db, settings, clock, "berlin@example.org", at="10:30", timezone="Europe/Berlin")
    await commands.add(db, settings, clock, "newyork@example.org", at="07:00", timezone="America/New_York")
    await commands.add(db, settings, clock, "manual@example.org")

    report = await commands.send(db, settings, clock, due_only=True, digest_builder=digest_from_store)

    outcomes = {r.address: r.outcome for r in report.results}
    assert outcomes == {
        "berlin@example.org": Outcome.SENT,
        "newyork@example.org": Outcome.NOT_DUE,
        "manual@example.org": Outcome.NOT_DUE,
    }
    assert [m["To"] for m in handler.messages] == ["berlin@example.org"]


async def test_missing_settings_are_named(db, clock, tmp_path):
    await commands.add(db, Settings(), clock, "a@example.org")
    with pytest.raises(Exception, match="SMTP_FROM"):
        await commands.send(db, Settings(), clock, digest_builder=digest_from_store)
    with pytest.raises(Exception, match="--out"):
        await commands.send(db, Settings(smtp_from="n@example.org"), clock, dry_run=True)
    with pytest.raises(ConfigError, match="SMTP_HOST"):
        await commands.send(db, Settings(smtp_from="n@example.org"), clock, digest_builder=digest_from_store)
    with pytest.raises(ConfigError, match="SMTP_FROM"):
        await commands.send(db, Settings(smtp_from="not an address"), clock, digest_builder=digest_from_store)
    assert await store.deliveries(db) == []


def test_smtp_error_is_a_newsdigest_error():
    from bot.errors import NewsdigestError

    assert issubclass(SmtpError, NewsdigestError)


async def test_unsubscribe_token_removes_exactly_that_recipient(db, clock):
    settings = Settings(smtp_from="news@digest.example")
    one = (await commands.add(db, settings, clock, "one@example.org")).recipient
    two = (await commands.add(db, settings, clock, "two@example.org")).recipient
    assert one.unsubscribe_token != two.unsubscribe_token
    assert len(one.unsubscribe_token) >= 30
    assert await store.unsubscribe_by_token(db, "no-such-token") is None
    assert await store.unsubscribe_by_token(db, one.unsubscribe_token) == "one@example.org"
    assert [r.address for r in await commands.list_all(db)] == ["two@example.org"]


async def test_an_edition_claimed_by_a_run_that_died_is_not_resent(db, clock, inbox):
    handler, port = inbox
    settings = settings_for(port)
    await store_stories(db, clock.now() - timedelta(hours=1))
    recipient = (await commands.add(db, settings, clock, "a@example.org")).recipient
    # What a crash between claiming and recording the server's answer leaves behind.
    blocked, claimed = await commands.claim_edition(db, recipient, "2025-10-17", clock.now())
    assert blocked is None
    await deliveries.mark_sending(db, claimed.id)

    report = await commands.send(db, settings, clock, digest_builder=digest_from_store)

    assert [r.outcome for r in report.results] == [Outcome.IN_DOUBT]
    assert "not resent" in report.results[0].detail
    assert handler.messages == []
