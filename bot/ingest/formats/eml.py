"""Mails saved as .eml: the letter (a forward's original), its headers, its text without the furniture; split.

Newsletters are split into their stories (``emlstories``), digests into their messages (``emldigest``).
"""

from __future__ import annotations

import logging
import re
from dataclasses import replace
from datetime import datetime
from email import policy
from email.header import decode_header
from email.message import EmailMessage, Message
from email.parser import BytesParser
from itertools import islice

from lxml.html import HtmlElement

from bot.errors import ParseError
from bot.ingest.formats.decode import decode_text
from bot.ingest.formats.emldigest import MIN_MESSAGES, DigestMessage, digest_messages, is_digest
from bot.ingest.formats.emlforward import forwarded, original_date, sender_of, subject_headline
from bot.ingest.formats.emlrules import (
    READ_ON,
    RULE_LINE,
    URL,
    is_prose,
    mail_html,
    read_more_url,
    story_link,
    trim_furniture,
    unwrap,
)
from bot.ingest.formats.emlstories import MIN_STORIES, Story, split_stories
from bot.ingest.formats.html import html_blocks
from bot.ingest.formats.meta import clean_inline, parse_meta_date
from bot.ingest.formats.pageindex import page_index_signs
from bot.ingest.formats.sniff import opens_with_mail
from bot.ingest.textsafe import shown
from bot.models import Article, Published
from bot.text.indexpage import story_link as reads_as_headline
from bot.text.language import declared_language
from bot.text.machinedates import after_reference
from bot.text.paragraphs import text_to_paragraphs

log = logging.getLogger(__name__)

# A text/plain part this long (or at least half the HTML part's text) is the letter; shorter ones are stubs.
_SUBSTANTIAL = 400
# Phrases only mailing-list furniture uses: judged on paragraphs of up to 300 characters.
_CRUFT = re.compile(
    r"\bunsubscribe\b|view (this|it)? ?(email |newsletter )?(in|on) (your|a|the)? ?(web )?browser"
    r"|view (online|as a web ?page)|manage (your )?(preferences|subscription|email settings)"
    r"|update (your )?(email )?(preferences|subscription)|you (are|were) receiving this"
    r"|you received this (email|message)"
    r"|forward(ed)? (this )?(email )?to a friend|add us to your address book|trouble (viewing|reading) this"
    r"|this email was sent to"
    # The same in the other languages newsletters are written in (German, French, Spanish, Italian, Portuguese,
    # Dutch, Korean, Japanese, Chinese): unsubscribe, view in the browser, "you receive this because".
    r"|newsletter (abbestellen|abmelden)|vom newsletter abmelden|im browser (ansehen|anzeigen|\u00f6ffnen)"
    r"|sie erhalten diesen? (e-?mail|newsletter|nachricht)"
    r"|d\u00e9sinscri(re|vez|ption)|se d\u00e9sabonner"
    r"|vous recevez (cet?|ce) (e-?mail|courriel|message)"
    r"|darte de baja|cancelar (la |tu )?suscripci\u00f3n|ver (en|no) (el )?navegador"
    r"|recibes este (correo|mensaje|bolet\u00edn)|disiscriviti|annulla l'iscrizione|ricevi questa (e-?mail|newsletter)"
    r"|cancelar (a )?inscri\u00e7\u00e3o|voc\u00ea (est\u00e1 )?receb(e|endo) este|afmelden voor (deze|de) nieuwsbrief"
    r"|\uc218\uc2e0\s?\uac70\ubd80|\u914d\u4fe1\u505c\u6b62|\u914d\u4fe1\u89e3\u9664|\u30d6\u30e9\u30a6\u30b6\u3067(\u898b\u308b|\u8868\u793a)|\u9000\u8ba2|\u53d6\u6d88\u8ba2\u9605",
    re.IGNORECASE,
)
# Phrases news can also contain ("... changed its privacy policy"): judged only on short lines.
_SHORT_CRUFT = re.compile(
    r"^\s*(©|\(c\)|copyright)\s|all rights reserved|privacy policy|our mailing address"
    r"|^\s*(share|tweet|follow us)( on \w+)?\s*$|^\s*(facebook|twitter|linkedin|instagram|x)(\s*[|\u00b7]\s*\w+)*\s*$",
    re.IGNORECASE,
)
# Footer words that news uses too ("darse de baja" from a scheme, "een aanbesteding uitschrijven"): furniture only
# as a short line that is no sentence (a link's text).
_LINK_WORDS = re.compile(r"darse de baja|uitschrijven|version en ligne", re.IGNORECASE)
_MARKDOWN_LINK = re.compile(r"\]\(https?://")  # "[text](https://...)": a text part that is Markdown source
_STATEFUL_CHARSETS = ("iso-2022-", "utf-7")
_SIGNATURE = re.compile(r"^-- ?$", re.MULTILINE)
_SIGNED = "\x00-- "  # a paragraph standing for the signature line: the letter ends there (see _plain_paragraphs)
_HEADLINE_SEARCH = 12  # paragraphs searched for the headline at the top of a letter
_HEADLINE_MAX = 250
# Prose paragraphs above the headline's echo that mean the story has begun (one may be a "view online" notice
# or a greeting in a language the furniture words do not know).
_STORY_STARTED = 2
_PARTS_MAX = 500  # MIME parts looked at: a hostile mail may hold thousands
_BOUNDARY_LINES = 2 * _PARTS_MAX  # lines opening with "--" (part boundaries, signatures) parsed at most
_ENCLOSED_MAX = 100  # enclosed messages
_MAILBOX_MAX = 1000  # a mailbox file's messages (an exported .mbox holds hundreds)
_MAIL_HEAD = 16384  # bytes looked at for a mailbox message's header block (sniff's look at a file's head)
# "From sender@example.org Fri Dec  4 ...", a header field's name on the next line.
_MBOX_SEPARATOR = re.compile(rb"^From \S+ [^\n]*\n(?=[A-Za-z0-9][A-Za-z0-9_-]*[ \t]*:)", re.MULTILINE)
_ENCLOSED_DEPTH = 10  # forwards as attachments inside forwards as attachments
_TAG = re.compile(r"<(?:style|script)\b.*?</(?:style|script)>|<[^>]*>", re.IGNORECASE | re.DOTALL)
_LINKS_MAX = 5000  # links looked at for the unsubscribe one (a hostile page may hold 50,000)
_UNSUBSCRIBE_TEXT = 80
_UNSUBSCRIBE_URL = re.compile(
    r"unsubscri|/unsub\b|opt-?out|opt_out|/remove\b|list-manage\.com/(unsubscribe|profile)", re.I
)
# The blocks whose text may be the letter's first sentence (a layout cell's text is its paragraphs').
_PROSE_TAGS = ("p", "div", "td", "li", "blockquote", "pre", "table")
_LABEL_WORDS = 4  # a source's name beside a story's text (emlrules drops it over a blurb); a subject's label
_KIND_WORDS = 2  # a subject that is the sender's name and "Breaking News", "Alert", "Weekly" names no story
_LABELLED = re.compile(r"^(?P<label>[^:]{2,40}?)\s?:\s+(?P<rest>\S.*)$")  # "Breaking News: Headline"
_PROSE_WORDS = 8  # a paragraph of this many words is prose: a letter's own, unless a story's (_whole_mail_stories)
_READ_MORE_LINES = 4  # a "Read more: URL" line among the last lines of a letter is the story's own address
# A sender's display name "Mira Okafor from The Allotment Letter" / "Tom at Riverwatch Notes": writer and letter.
_WRITER_FROM = re.compile(r"^(?P<writer>\w[\w.'\u2019-]*(?: \w[\w.'\u2019-]*){0,2}) (?:from|at) (?P<letter>\w.*)$")


def parse_email(data: bytes, *, name: str, reference: datetime | None = None) -> list[Article]:
    """Parse a saved e-mail into its articles: one per story of an aggregator newsletter, else one.

    Each story of a newsletter (see :mod:`bot.ingest.formats.emlstories`) is an article with its own headline,
    link and blurb, dated by the mail's Date and named after its sender. A mailbox of several messages saved as one
    file is read message by message (``_mailbox``). A date later than ``reference`` (when the file was saved, else
    now) is not believed (:func:`bot.text.machinedates.after_reference`): no date.

    Raises:
        ParseError: if it is not a readable e-mail, or has no Subject-like title or no readable body.
    """
    articles = []
    messages = _mailbox(data, name)
    for message in messages:
        try:
            articles += _articles(message, name)
        except ParseError:
            if len(messages) == 1:
                raise
    if not articles:
        raise ParseError(f"none of the mailbox's {len(messages)} messages has a readable text")
    if reference is None:
        return articles
    return [
        replace(article, published=None)
        if article.published is not None and after_reference(article.published, reference)
        else article
        for article in articles
    ]


def _mailbox(data: bytes, name: str) -> list[bytes]:
    """Return the messages of a mailbox saved as one file (each after its "From ..." line), else the mail alone.

    Apple Mail and Thunderbird save several selected messages into one file in the mbox layout, and an exported
    mailbox (``.mbox``) is one; read as one mail, every message after the first was the first one's epilogue, lost
    without a word. A separator line counts only where a mail's header block follows it; at most ``_MAILBOX_MAX``
    messages are read, and a file holding more says so in the log (the file itself is archived whole).
    """
    if not data.startswith(b"From "):
        return [data]
    starts: list[int] = []
    for tried, found in enumerate(_MBOX_SEPARATOR.finditer(data)):
        if tried >= 2 * _MAILBOX_MAX:
            break  # a hostile file of separator lines: the messages found so far
        if opens_with_mail(data[found.start() : found.start() + _MAIL_HEAD]):
            starts.append(found.start())
            if len(starts) > _MAILBOX_MAX:
                log.warning(
                    "%s: a mailbox of more than %d messages: the first %d are read (split it to read the rest)",
                    shown(name),
                    _MAILBOX_MAX,
                    _MAILBOX_MAX,
                )
                break
    if len(starts) < 2:
        return [data]
    return [data[start:end] for start, end in zip(starts, [*starts[1:], len(data)], strict=True)][:_MAILBOX_MAX]


def _articles(data: bytes, name: str) -> list[Article]:
    message = _message(data)
    plain, html, enclosed, digest_part = _parts(message)
    for _ in range(_ENCLOSED_DEPTH):  # forwarded as an attachment: the letter is the message enclosed
        own = _own_text(plain, html)
        if len(enclosed) != 1 or own >= _SUBSTANTIAL:
            break
        inner = _parts(enclosed[0])
        if _own_text(inner[0], inner[1]) <= own and len(inner[2]) != 1:
            break  # a short letter with a shorter note attached: the letter is the news (a forward's note is not)
        message = enclosed[0]
        plain, html, enclosed, digest_part = inner
    # Read once: a newsletter's stories (MIN_STORIES or more), or the one or two an alert's digest may be.
    few = split_stories(plain, html, furniture=is_furniture, minimum=1)
    stories = few if len(few) >= MIN_STORIES else []
    posts: list[DigestMessage] = []
    mime_digest = False
    if not stories:
        subject = _header(message, "Subject")  # read once: a header's parse costs (a 100,000-character one)
        digest = digest_part or is_digest(message.get_content_type(), subject)
        mime_digest = digest and len(enclosed) >= MIN_MESSAGES  # a MIME digest: its messages enclosed whole
        posts = digest_messages(plain, furniture=is_furniture) if digest and not mime_digest else []
        if not posts and not mime_digest:
            single = _single(message, plain, html, name, subject, alone=True)
            stories = _whole_mail_stories(few, single)
            if not stories:
                return [single]
    sender_name, sender_address = _sender(message)
    published = _date(message)
    if stories:  # a newsletter forwarded whole: its stories are its sender's, of its date, not the forwarder's
        original = forwarded(_plain_paragraphs(plain) if plain else _html_paragraphs(mail_html(html) if html else None))
        if original is not None:
            sender_name, sender_address = sender_of(original[1].get("from", ""))
            published = original_date(original[1].get("date", ""), published)
    source = sender_name or sender_address or name
    if mime_digest:
        return [replace(article, source=source) for article in _enclosed_articles(enclosed, name)]
    if posts:
        return [_post(post, published, source, _language(message)) for post in posts]
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


def _post(post: DigestMessage, digest_date: Published | None, source: str, language: str | None) -> Article:
    """Return one message of a digest as an article: its subject, writer, date (in the digest's zone) and text."""
    writer, address = sender_of(post.sender)
    return Article(
        title=subject_headline(post.subject) or post.body[0][:120],
        body=post.body,
        published=original_date(post.date, digest_date),
        author=writer or address,
        source=source,
        language=language,
    )


def _enclosed_articles(messages: list[EmailMessage], name: str) -> list[Article]:
    """Return one article per enclosed message that has a text (a MIME digest's messages)."""
    articles = []
    for inner in messages:
        plain, html, _, _ = _parts(inner)
        try:
            articles.append(_single(inner, plain, html, name, _header(inner, "Subject")))
        except ParseError:
            continue  # a message without text: the others are still news
    if not articles:
        raise ParseError("the digest's messages have no readable text")
    return articles


def parse_eml(data: bytes, *, name: str) -> Article:
    """Parse a saved e-mail (RFC 5322) into one article, whatever its structure.

    Raises:
        ParseError: if it has no Subject-like title or no readable body.
    """
    message = _message(data)
    plain, html, _, _ = _parts(message)
    return _single(message, plain, html, name, _header(message, "Subject"))


def is_furniture(paragraph: str) -> bool:
    """Tell a paragraph of mailing-list furniture (unsubscribe, preferences, copyright, social links)."""
    if len(paragraph) >= 300:
        return False
    if _CRUFT.search(paragraph):
        return True
    short = len(paragraph) < 90
    return short and (
        bool(_SHORT_CRUFT.search(paragraph)) or (bool(_LINK_WORDS.search(paragraph)) and not is_prose(paragraph))
    )


def _message(data: bytes) -> EmailMessage:
    if data.count(b"\n--") > _BOUNDARY_LINES:
        # A mail of ten thousand parts took six seconds to parse (each part's headers through the header
        # registry); only its first _PARTS_MAX parts are ever looked at, so the rest is not parsed.
        cut = -1
        for _ in range(_BOUNDARY_LINES):
            cut = data.find(b"\n--", cut + 1)
        data = data[: cut + 1]
    try:
        message = BytesParser(policy=policy.default).parsebytes(data)
    except (ValueError, TypeError, LookupError) as exc:
        raise ParseError(f"not a readable e-mail ({exc})") from exc
    if not message.keys():
        raise ParseError("not an e-mail: no headers (Subject, From, Date) at the top")
    return message


def _single(
    message: EmailMessage, plain: str, html: str, name: str, raw_subject: str, *, alone: bool = False
) -> Article:
    """Read a mail as one letter. ``alone``: the mail holds no stories or digest (a list of links is refused)."""
    plain_paragraphs = _clean(_plain_paragraphs(plain)) if plain else []
    tree = mail_html(html) if html else None
    if alone and tree is not None:
        _refuse_link_list(tree)
    links = _links(tree)  # before the footer goes: a "View online" link may be in it
    html_paragraphs = _clean(_html_paragraphs(tree))
    html_len = sum(len(p) for p in html_paragraphs)
    plain_len = sum(len(p) for p in plain_paragraphs)
    # Buttondown's text part: the Markdown source of an HTML part that holds the letter too.
    markdown = html_len * 2 >= plain_len and _MARKDOWN_LINK.search(plain)
    if plain_paragraphs and (plain_len >= _SUBSTANTIAL or plain_len * 2 >= html_len) and not markdown:
        body = plain_paragraphs
    else:
        body = html_paragraphs or plain_paragraphs
    if not body:
        if any(part.get_content_type() == "application/ms-tnef" for part in message.walk()):
            raise ParseError(
                "the e-mail's text is only in its winmail.dat (Outlook's rich text, TNEF), which newsdigest does not "
                "read: save it from Outlook as HTML or Text Only, or ask the sender for HTML or plain text"
            )
        if sum(1 for _ in islice(message.walk(), _PARTS_MAX + 1)) > _PARTS_MAX:
            raise ParseError(f"the e-mail has no readable text part among its first {_PARTS_MAX} MIME parts")
        raise ParseError("the e-mail has no readable text part")
    subject = subject_headline(raw_subject)
    sender_name, sender_address = _sender(message)
    published = _date(message)
    original = forwarded(body)
    if original is not None:  # the letter is the innermost forwarded message: its sender, subject and date
        end, fields = original
        body = body[end:] or body
        subject = subject_headline(fields.get("subject", "")) or subject
        sender_name, sender_address = sender_of(fields.get("from", ""))
        published = original_date(fields.get("date", ""), published)
    if _SIGNED in body:
        body = body[: body.index(_SIGNED)] or body
    body = [p for p in body if p != _SIGNED]
    title = _unlabelled(subject, body) if subject else body[0][:120]
    if _names_only_sender(title, sender_name):  # "Keldwick Post Breaking News": the headline is the letter's
        title = _printed_headline(body) or title
    story_url = next((url for p in reversed(body[-_READ_MORE_LINES:]) if (url := read_more_url(p))), None)
    body = _story(body, title)
    if body and _norm(body[0]) == _norm(title):
        body = body[1:] or body
    writer = _writer(sender_name)
    url = story_url or _read_more_href(links) or _view_online_url(links)
    return Article(
        title=title,
        body=tuple(body),
        published=published,
        author=writer or sender_name or sender_address,
        url=url,
        source=sender_name or sender_address or name,
        language=_language(message),
    )


def _whole_mail_stories(few: list[Story], single: Article) -> list[Story]:
    """Return the one or two linked stories of a search alert's digest that holds nothing else (else an empty list).

    An alert's digest with one or two results is laid out as a newsletter's stories are, too few to be told from a
    letter by their number (two linked headlines alone stay one article). They are the mail's stories when each
    headline's link goes through a redirect that names the story's address (the alert service's, as Google
    Alerts' ``google.com/url?...&url=...``), and the letter has no prose of its own besides them (every paragraph
    of ``_PROSE_WORDS`` words or more is a story's headline or blurb).
    """
    if not few or len(few) >= MIN_STORIES or not all(story.redirected for story in few):
        return []
    told = set(_words(" ".join(f"{story.title} {' '.join(story.blurb)}" for story in few)))
    for paragraph in single.body:
        # A plain-text part joins a story's block in one paragraph: its address and its source's name beside it.
        words = _words(URL.sub(" ", paragraph))
        if len(words) >= _PROSE_WORDS and len(set(words) - told) > _LABEL_WORDS:
            return []
    return few


def _refuse_link_list(tree: HtmlElement) -> None:
    """Refuse a mail that is only a list of story links (a newsroom's headlines without their text).

    Its headlines were one article's paragraphs and key points. The shape is an index page's
    (:mod:`bot.text.indexpage`: at least five headlines standing alone as links, most to one site, and no run of
    text a story's length between them), asked only of a mail that holds no newsletter's stories or digest.

    Raises:
        ParseError: saying what the mail is, and where its stories are.
    """
    signs = page_index_signs(tree, None)
    if signs.is_index:
        raise ParseError(
            f"a mail of {signs.links} story links (a list of headlines without their text), not one article: "
            "follow the site's feed instead (newsdigest feeds add URL)"
        )


def _plain_paragraphs(plain: str) -> list[str]:
    """Split a text part into paragraphs; rule lines part them, and the signature line ("-- ") is marked."""
    lines = ["" if RULE_LINE.match(line) else line for line in plain.splitlines()]
    text = _SIGNATURE.sub(f"\n\n{_SIGNED}\n\n", "\n".join(lines))
    return text_to_paragraphs(text)


def _story(paragraphs: list[str], title: str) -> list[str]:
    """Return the letter's own text: from below its headline (when the top repeats it) to its last prose line."""
    prose = 0
    for index, paragraph in enumerate(paragraphs[:_HEADLINE_SEARCH]):
        prose += is_prose(paragraph)
        if prose >= _STORY_STARTED:
            break  # the story has begun: a heading below it that echoes the subject is a section's
        if _same_headline(paragraph, title):
            paragraphs = paragraphs[index + 1 :] or paragraphs
            break
    return trim_furniture(paragraphs)


def _unlabelled(subject: str, paragraphs: list[str]) -> str:
    """Return the subject without a label before its colon when the letter's top gives the rest as its headline.

    An alert's or a letter's subject often opens with its kind ("Breaking News: ...", "Eilmeldung: ...", "Daily
    Brief: ..."); the letter then prints the headline alone above the story. A label of a few words only, and a
    headline of three words or more, found above the story's second prose paragraph (as ``_story`` looks).
    """
    found = _LABELLED.match(subject)
    if found is None or len(found["label"].split()) > _LABEL_WORDS or len(found["rest"].split()) < 3:
        return subject
    prose = 0
    for paragraph in paragraphs[:_HEADLINE_SEARCH]:
        if _norm(paragraph) == _norm(found["rest"]):
            return paragraph
        prose += is_prose(paragraph)
        if prose >= _STORY_STARTED:
            break
    return subject


def _names_only_sender(subject: str, sender: str | None) -> bool:
    """Tell a subject that is the sender's name and a word or two of its kind ("Keldwick Post Breaking News")."""
    named, said = set(_words(sender or "")), set(_words(subject))
    return bool(named & said) and len(named & said) * 2 >= len(named) and len(said - named) <= _KIND_WORDS


def _printed_headline(paragraphs: list[str]) -> str | None:
    """Return the line right above the letter's first prose paragraph when it reads as a headline, else None."""
    for index, paragraph in enumerate(paragraphs[:_HEADLINE_SEARCH]):
        if is_prose(paragraph):
            above = paragraphs[index - 1] if index else ""
            return above if above and reads_as_headline(above) and not is_furniture(above) else None
    return None


def _same_headline(paragraph: str, title: str) -> bool:
    """Tell the headline written again in the letter: the subject's words, or most of them, in a short line."""
    if len(paragraph) > _HEADLINE_MAX:
        return False
    words, wanted = set(_words(paragraph)), set(_words(title))
    if not words or not wanted:
        return False
    shared = len(words & wanted)
    return shared * 2 > len(words) and shared * 2 > len(wanted)


def _words(text: str) -> list[str]:
    """Words, and CJK characters one by one (those scripts have no spaces)."""
    return re.findall(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]|[^\W_]+", text.casefold())


def _writer(display: str | None) -> str | None:
    """Return the writer of "Writer from Letter" / "Writer at Letter" (both written with capitals), else None."""
    found = _WRITER_FROM.match(display or "")
    if found is None or not found["letter"][0].isupper():
        return None
    return found["writer"] if all(word[0].isupper() for word in found["writer"].split()) else None


def _language(message: EmailMessage) -> str | None:
    """Return the language the mail declares (its Content-Language header), as an ISO 639-1 code."""
    return declared_language(str(message.get("Content-Language", "") or ""))


def _html_paragraphs(tree: HtmlElement | None) -> list[str]:
    if tree is None:
        return []
    _drop_footer(tree)
    return html_blocks(tree)


def _leaf(node: HtmlElement) -> bool:
    """Tell a block that holds no other block (its text is its own, not a layout's)."""
    return not any(isinstance(child.tag, str) and child.tag in _PROSE_TAGS for child in node.iterdescendants())


def _drop_footer(tree: HtmlElement) -> None:
    """Drop the box that holds the mail's unsubscribe link: the largest one around it without the letter's text.

    Templates put the footer (address, "you receive this because...", unsubscribe, copyright) in a box of its
    own, beside the story's; its sentences are in the sender's language, but its unsubscribe link is
    recognisable by its address or its words. The letter's text is where its longest paragraph is (one without
    such a link): in a flat letter, or a forward whose quoted letter holds story and footer in one box, only the
    link's own paragraph goes.
    """
    links = []
    for anchor in list(tree.iter("a"))[:_LINKS_MAX]:
        href, text = anchor.get("href") or "", clean_inline(anchor.text_content())
        if _UNSUBSCRIBE_URL.search(unwrap(href)) or (len(text) < _UNSUBSCRIBE_TEXT and _CRUFT.search(text)):
            links.append(anchor)
    if not links:
        return
    held = {node for anchor in links for node in (anchor, *anchor.iterancestors())}
    leaves = [node for node in tree.iter(*_PROSE_TAGS) if node not in held and _leaf(node)]
    texts = [(len(text), node) for node in leaves if is_prose(text := clean_inline(node.text_content()))]
    if not texts:
        return
    story = max(texts, key=lambda pair: pair[0])[1]
    keep = {story, *story.iterancestors()}  # the elements themselves: lxml's proxies' ids are reused once freed
    boxes = []
    for anchor in links:
        box = anchor
        for parent in anchor.iterancestors():
            if parent in keep:
                break
            box = parent
        boxes.append(box)
    for box in boxes:
        if box.getparent() is not None and box.tag not in ("html", "body"):
            box.drop_tree()


def _parts(message: EmailMessage) -> tuple[str, str, list[EmailMessage], bool]:
    """Return the mail's own text parts (its first plain and HTML ones), the messages it encloses, a digest part.

    Enclosed messages are message/rfc822 parts (a forward as an attachment, a MIME digest's messages): their
    parts are theirs, not the mail's. The flag tells whether the mail holds a multipart/digest part.
    """
    plain = html = ""
    enclosed: list[EmailMessage] = []
    digest = False
    stack: list[Message] = [message]
    seen = guesses = 0
    while stack and seen < _PARTS_MAX:
        part = stack.pop()
        seen += 1
        kind = part.get_content_type()
        if kind == "message/rfc822":
            inner = part.get_payload()
            if isinstance(inner, list) and inner and isinstance(inner[0], EmailMessage):
                enclosed.append(inner[0])
            continue
        if part.get_content_maintype() == "multipart" and not part.is_multipart():
            guesses += 1  # a multipart whose header lost its boundary: read again (a few times, never each part)
            guessed = _with_boundary_guessed(part) if guesses <= _GUESSES_MAX else None
            if guessed is not None:
                stack.append(guessed)
            continue
        if part.is_multipart():
            digest = digest or kind == "multipart/digest"
            subparts = part.get_payload()
            if isinstance(subparts, list):
                stack.extend(sub for sub in reversed(subparts) if isinstance(sub, Message))
            continue
        if part.get_content_disposition() == "attachment" or kind not in ("text/plain", "text/html"):
            continue
        if kind == "text/plain" and not plain:
            plain = _part_text(part)
        elif kind == "text/html" and not html:
            html = _part_text(part)
    return plain, html, enclosed[:_ENCLOSED_MAX], digest


_GUESSES_MAX = 3  # multipart parts without a boundary read again by the one their body shows, in one mail
_BOUNDARY_LINE = re.compile(r"^--([^\s-][^\s]{0,69})[ \t]*$", re.MULTILINE)


def _with_boundary_guessed(part: Message) -> Message | None:
    """Return a multipart part without its boundary parameter parsed by the boundary its body shows, else None.

    A header cut or rewritten on the way ("Content-Type: multipart/alternative" and nothing more) leaves its parts
    unread: the body's first "--X" line names the boundary when "--X--" closes it further down.
    """
    payload = part.get_payload()
    if not isinstance(payload, str):
        return None
    found = _BOUNDARY_LINE.search(payload)
    if found is None or f"--{found.group(1)}--" not in payload:
        return None
    header = f'Content-Type: {part.get_content_type()}; boundary="{found.group(1)}"\n\n'
    try:
        guessed = BytesParser(policy=policy.default).parsebytes(
            header.encode() + payload.encode("utf-8", "surrogateescape")
        )
    except (ValueError, TypeError, LookupError):
        return None
    return guessed if guessed.is_multipart() else None


def _own_text(plain: str, html: str) -> int:
    """Return how many characters of text a mail writes itself (its longer part, HTML without its tags)."""
    return max(len(" ".join(plain.split())), len(" ".join(_TAG.sub(" ", html).split())))


def _part_text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes) or not payload.strip():
        return ""
    charset = part.get_content_charset()
    if charset and charset.startswith(_STATEFUL_CHARSETS):
        # 7-bit text that is also valid ASCII: read as UTF-8 it would keep its escape sequences.
        try:
            return payload.decode(charset).replace("\r\n", "\n")
        except (LookupError, UnicodeDecodeError):
            pass
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
    return sender_of(_header(message, "From"))


def _header(message: EmailMessage, name: str) -> str:
    """Return a header's (first) value as text, its bytes in a charset Python does not know read as text is read.

    An encoded word in an unknown charset ("=?x-mac-roman?Q?...?=", "=?unknown-8bit?Q?...?=") or raw 8-bit Latin-1
    bytes gave U+FFFD for every letter beyond ASCII ("F\ufffdhranleger"): their bytes are decoded as a text part's
    are (:func:`decode_text`: UTF-8, else the legacy code page the letters show).
    """
    value = str(message.get(name, "") or "")
    if "\ufffd" not in value:
        return value
    raw = next((str(v) for k, v in message.raw_items() if k.lower() == name.lower()), "")
    try:
        words = decode_header(raw)
    except (ValueError, LookupError):
        return value
    text = []
    for word, charset in words:
        data = word if isinstance(word, bytes) else word.encode("utf-8", "surrogateescape")
        try:
            text.append(data.decode(charset or "ascii"))  # a charset Python knows, or plain ASCII
        except (LookupError, UnicodeDecodeError):
            try:
                text.append(decode_text(data, None))
            except ParseError:  # control bytes: what Python read
                return value
    return " ".join("".join(text).split()) or value


def _date(message: EmailMessage) -> Published | None:
    raw = message.get("Date")
    if raw is None:
        return None
    return parse_meta_date(str(raw))  # RFC 2822 first, as every machine-written date (bot.text.machinedates)


# "View online", "View this email in your browser", and other languages' ("Im Browser ansehen", "Voir en ligne",
# "Ver en el navegador", "Visualizza nel browser", "Bekijk online", "Zobacz w przeglądarce", "Открыть в браузере").
_VIEW_ONLINE = re.compile(
    r"(view|read|open).{0,30}(browser|online|web)|(im browser|online) (ansehen|anzeigen|lesen)|webversion"
    r"|voir (la version )?en ligne|afficher dans (le|votre) navigateur|ver (en el navegador|en l[ií]nea|online)"
    r"|visualizza (nel browser|online)|bekijk (online|in (je|de|uw) browser)|zobacz w przegl[aą]darce"
    r"|открыть в браузере|ブラウザで(見る|表示)",
    re.IGNORECASE,
)


def _links(tree: HtmlElement | None) -> list[tuple[str, str]]:
    """The letter's web links (the first _LINKS_MAX): each address with its text (the "Read more", "View online")."""
    if tree is None:
        return []
    anchors = list(tree.iter("a"))[:_LINKS_MAX]
    found = (((a.get("href") or "").strip(), clean_inline(a.text_content())) for a in anchors)
    return [(href, text) for href, text in found if href.lower().startswith(("http://", "https://"))]


def _read_more_href(links: list[tuple[str, str]]) -> str | None:
    """The story's own address: a "Read more" link's ("Weiterlesen", "Lire la suite"), not the mail's furniture."""
    return next((unwrap(href) for href, text in links if READ_ON.match(text) and story_link(text, href)), None)


def _view_online_url(links: list[tuple[str, str]]) -> str | None:
    return next((href for href, text in links if len(text) <= 80 and _VIEW_ONLINE.match(text)), None)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()
