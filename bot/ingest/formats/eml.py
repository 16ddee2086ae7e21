"""Mails saved as .eml: Subject, Date and From headers, the best body part, footer cruft removed; newsletters split."""

from __future__ import annotations

import re
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses

import trafilatura

from bot.errors import ParseError
from bot.ingest.formats.decode import decode_text
from bot.ingest.formats.emlstories import split_stories
from bot.ingest.formats.html import html_blocks
from bot.ingest.formats.meta import clean_inline, parse_meta_date, split_paragraphs
from bot.models import Article, Published
from bot.text.language import declared_language

# A text/plain part this long (or at least half the HTML part's text) is the letter; shorter ones are stubs.
_SUBSTANTIAL = 400
# Phrases only mailing-list furniture uses: judged on paragraphs of up to 300 characters.
_CRUFT = re.compile(
    r"\bunsubscribe\b|view (this|it)? ?(email |newsletter )?(in|on) (your|a|the)? ?(web )?browser"
    r"|view (online|as a web ?page)|manage (your )?(preferences|subscription|email settings)"
    r"|update (your )?(email )?(preferences|subscription)|you (are|were) receiving this"
    r"|you received this (email|message)"
    r"|forward(ed)? (this )?(email )?to a friend|add us to your address book|trouble (viewing|reading) this"
    r"|this email was sent to",
    re.IGNORECASE,
)
# Phrases news can also contain ("... changed its privacy policy"): judged only on short lines.
_SHORT_CRUFT = re.compile(
    r"^\s*(©|\(c\)|copyright)\s|all rights reserved|privacy policy|our mailing address"
    r"|^\s*(share|tweet|follow us)( on \w+)?\s*$|^\s*(facebook|twitter|linkedin|instagram|x)(\s*[|\u00b7]\s*\w+)*\s*$",
    re.IGNORECASE,
)
_SUBJECT_PREFIX = re.compile(r"^\s*((re|fwd?|aw|wg)\s*:\s*)+", re.IGNORECASE)
_SIGNATURE = re.compile(r"^-- ?$", re.MULTILINE)


def parse_email(data: bytes, *, name: str) -> list[Article]:
    """Parse a saved e-mail into its articles: one per story of an aggregator newsletter, else one.

    Each story of a newsletter (see :mod:`bot.ingest.formats.emlstories`) is an article with its own headline,
    link and blurb, dated by the mail's Date and named after its sender.

    Raises:
        ParseError: if it is not a readable e-mail, or has no Subject-like title or no readable body.
    """
    message = _message(data)
    plain, html = _best_parts(message)
    stories = split_stories(plain, html, furniture=is_furniture)
    if not stories:
        return [_single(message, plain, html, name)]
    sender_name, sender_address = _sender(message)
    published = _date(message)
    return [
        Article(
            title=story.title,
            body=story.blurb,
            published=published,
            url=story.url,
            source=sender_name or sender_address or name,
            image=story.image,
            language=_language(message),
        )
        for story in stories
    ]


def parse_eml(data: bytes, *, name: str) -> Article:
    """Parse a saved e-mail (RFC 5322) into one article, whatever its structure.

    Raises:
        ParseError: if it has no Subject-like title or no readable body.
    """
    message = _message(data)
    plain, html = _best_parts(message)
    return _single(message, plain, html, name)


def is_furniture(paragraph: str) -> bool:
    """Tell a paragraph of mailing-list furniture (unsubscribe, preferences, copyright, social links)."""
    return (len(paragraph) < 300 and bool(_CRUFT.search(paragraph))) or (
        len(paragraph) < 90 and bool(_SHORT_CRUFT.search(paragraph))
    )


def _message(data: bytes) -> EmailMessage:
    try:
        message = BytesParser(policy=policy.default).parsebytes(data)
    except (ValueError, TypeError, LookupError) as exc:
        raise ParseError(f"not a readable e-mail ({exc})") from exc
    if not message.keys():
        raise ParseError("not an e-mail: no headers (Subject, From, Date) at the top")
    return message


def _single(message: EmailMessage, plain: str, html: str, name: str) -> Article:
    plain_paragraphs = _clean(split_paragraphs(_SIGNATURE.split(plain)[0])) if plain else []
    html_paragraphs = _clean(_html_paragraphs(html)) if html else []
    html_len = sum(len(p) for p in html_paragraphs)
    plain_len = sum(len(p) for p in plain_paragraphs)
    if plain_paragraphs and (plain_len >= _SUBSTANTIAL or plain_len * 2 >= html_len):
        body = plain_paragraphs
    else:
        body = html_paragraphs or plain_paragraphs
    if not body:
        raise ParseError("the e-mail has no readable text part")
    subject = _SUBJECT_PREFIX.sub("", clean_inline(str(message.get("Subject", ""))))
    title = subject or body[0][:120]
    if body and _norm(body[0]) == _norm(title):
        body = body[1:] or body
    sender_name, sender_address = _sender(message)
    url = _view_online_url(html)
    return Article(
        title=title,
        body=tuple(body),
        published=_date(message),
        author=sender_name or sender_address,
        url=url,
        source=sender_name or sender_address or name,
        language=_language(message),
    )


def _language(message: EmailMessage) -> str | None:
    """Return the language the mail declares (its Content-Language header), as an ISO 639-1 code."""
    return declared_language(str(message.get("Content-Language", "") or ""))


def _html_paragraphs(html: str) -> list[str]:
    tree = trafilatura.load_html(html)
    if tree is None:
        return []
    for junk in tree.xpath("//script|//style|//head"):
        junk.drop_tree()
    return html_blocks(tree)


def _best_parts(message: EmailMessage) -> tuple[str, str]:
    plain = html = ""
    for part in message.walk():
        if part.is_multipart() or part.get_content_disposition() == "attachment":
            continue
        kind = part.get_content_type()
        if kind not in ("text/plain", "text/html"):
            continue
        text = _part_text(part)
        if kind == "text/plain" and not plain:
            plain = text
        elif kind == "text/html" and not html:
            html = text
    return plain, html


def _part_text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes) or not payload.strip():
        return ""
    charset = part.get_content_charset()
    try:
        return decode_text(payload, f"text/plain; charset={charset}" if charset else None)
    except ParseError:
        return ""


def _clean(paragraphs: list[str]) -> list[str]:
    kept = [p for p in paragraphs if not is_furniture(p)]
    kept = [p for p in kept if not re.fullmatch(r"[\W_]+", p)]
    # A short sign-off at the end ("- The Desk team") is not news.
    while kept and len(kept[-1]) < 60 and re.match(r"^\s*(-{1,2}|\u2014|\u2013)\s*\w", kept[-1]):
        kept.pop()
    return kept


def _sender(message: EmailMessage) -> tuple[str | None, str | None]:
    pairs = getaddresses([str(v) for v in message.get_all("From", [])])
    if not pairs:
        return None, None
    display, address = pairs[0]
    return clean_inline(display) or None, address or None


def _date(message: EmailMessage) -> Published | None:
    raw = message.get("Date")
    if raw is None:
        return None
    return parse_meta_date(str(raw))  # RFC 2822 first, as every machine-written date (bot.text.machinedates)


def _view_online_url(html: str) -> str | None:
    if not html:
        return None
    found = re.search(
        r"<a\b[^>]*href=[\"'](https?://[^\"']+)[\"'][^>]*>\s*(?:<[^>]+>\s*)*(view|read|open)[^<]{0,30}"
        r"(browser|online|web)",
        html,
        re.IGNORECASE,
    )
    return found.group(1) if found else None


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()
