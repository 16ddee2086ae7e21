"""Read the layout of text copied from a news page: headline, date, byline, dateline, body without cruft."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from bot.text.asciiwords import collapse_blanks
from bot.text.captures import capture_banner
from bot.text.clean import (
    NO_CREDIT_ENDS,
    Kind,
    ends_link_list,
    is_body_prose,
    is_cjk_sentence,
    is_picture_credit,
    is_prose,
    is_related_heading,
    is_related_link,
    split_dateline,
    word_count,
)
from bot.text.datearound import names_a_stamp
from bot.text.datelines import KOREAN_ROLES, zone_cities
from bot.text.dates import DateMatch, dateline_day_month, search_dates
from bot.text.datewords import MONTHS, WEEKDAY_PATTERN
from bot.text.headline import HEADER_META
from bot.text.keypoints import word_count as words_of_any_script
from bot.text.linecache import LineCache
from bot.text.linekinds import classify_paragraph_line, contains_any, words_beside_dates
from bot.text.linemodel import lettered, pick_headline, standfirst_under_name
from bot.text.linepatterns import (
    BYLINE,
    READING,
    SUMMARY_HEADING,
    SUMMARY_HEADING_CHARS,
    is_share_bar,
    may_hold_link_notes,
    without_link_notes,
)
from bot.text.machinedates import latest_day
from bot.text.pagedates import page_date
from bot.text.paragraphs import title_from_text
from bot.text.posts import social_post
from bot.text.prose import any_prose, mid_sentence, sentence_like
from bot.text.tail import bio_start, body_end, comment_rules_start, tags_start

# The kinds as module constants: a `Kind.X` lookup goes through the enum's metaclass (~45 ns in Python 3.11, against
# ~8 ns for a global), and the reader's loops ask a few hundred a page.
_TEXT, _MORE, _SUBSCRIBE, _CAPTION, _DATE, _BYLINE = (
    Kind.TEXT, Kind.MORE, Kind.SUBSCRIBE, Kind.CAPTION, Kind.DATE, Kind.BYLINE
)  # fmt: skip

# Lines a header can hold before the body must have started; beyond it a page is read as body from the top.
_HEADER_LIMIT = 150
_NO_HEADLINE_WORDS = 25
_TITLE_CHARS = 120
_CREDIT_WORDS = 8
# "Foto" / "Bild" / "фото": the word in most European languages (the caption rules read "Foto:" already).
_PICTURE_CREDIT = re.compile(r"photo|image|credit|picture|illustration|getty|shutterstock|\u00a9|foto|bild|фото", re.I)
# A photographer's name and agency: "Jane Doe, AP", "John Roe/Reuters".
_PHOTOGRAPHER = re.compile(
    r"^[A-Z][\w.'-]+(?: [A-Z][\w.'-]+){1,3}\s*[,/|]\s*(?:AP|AFP|Reuters|EPA|Getty Images|Associated Press)\W*$"
)
_CAPTION_WORDS = 45
# A page with this many bare credits right under paragraphs sets its pictures without captions
# (_paragraphs_over_credits).
_BARE_CREDITS = 2
_CAPTION_BELOW_WORDS = 8
_MEDIA_LABEL = re.compile(r"^(?:video|(?:play|watch) (?:the )?video|now playing)\W*$", re.I)
_MEDIA_LINES = 2
_MEDIA_FIRST = frozenset("vVpPwWnN")  # how a line _MEDIA_LABEL matches starts (tests/test_linekinds_fastpaths.py)
_BUTTON_WORDS = 1
# A drop cap copied apart from its word ("W hile"); A, E, I, O, U and Y are words on their own in some language.
_DROP_CAP = re.compile(r"^([B-DF-HJ-NP-TV-XZ]) ([a-z]{2,})")
_SCHEDULE_RUN = 3
_DATED_SENTENCE_WORDS = 4  # words besides the date in a dated sentence of the story
_QUOTES_OPEN = "\"'\u201c\u2018\u201e\u00ab\u300c"
_SCHEDULE_WORDS = 4
_SHORT = 30
# A sentence ends at . ! ? before a capital; good enough to name an article that has no headline line.
_FIRST_SENTENCE = re.compile(r"(?<=[a-z0-9][.!?])\s+(?=[A-Z])")
_LOOK_AHEAD = 9
# Hard-wrapped lines: how short one cut mid-sentence may be (a headline or a menu line is shorter), and what makes
# a copy one wrapped in a narrow column instead: at least 4 lines of 15-39 characters cut mid-sentence, 3 in 10
# of its lines, three quarters of them within 15 characters of the longest.
_WRAP_WIDTH = 40
_NARROW_SHORTEST, _NARROW_MIN, _NARROW_SPREAD = 15, 4, 15
_CUT_ENDS = '.!?:;"\u201d\u2019)'
# Words no sentence ends with (articles, prepositions, conjunctions) in the languages the reader knows best, as
# they stand inside a sentence: in lower case ("ET" is a time zone, "et" a conjunction).
_OPEN_ENDS = frozenset(
    str.split(
        """
    a an the of to in on at by for with from into onto and or but as than that which who whose whom its their
    his her our your my this these those between about after before during over under without against
    der die das den dem des ein eine einen einem einer und oder aber mit von zu zum zur im am auf an für bei aus
    nach über unter vor durch gegen ohne um le la les un une des du de et ou à au aux en dans pour par sur avec
    sans sous chez entre el los las una del y o en con por para al sin sobre entre o os as um uma do da dos das
    e ou em no na nos nas com por para pelo pela il lo gli uno di e o in con su per tra fra nel nella dei delle
    het een van en of op te met voor door bij naar uit
    """
    )
)
# Continuations across one blank line that make a copy double-spaced (see _double_spaced).
_DOUBLE_SPACED_MIN = 3
# A body's first line ends like a sentence; a headline at most like a question. Headlines have at most 28 words.
# (and the full stops of Burmese, Devanagari and Urdu)
_SENTENCE_ENDS = (".", '."', ".\u201d", "\u2026", "\u3002", "\u104b", "\u0964", "\u06d4")
_HEAD_WORDS = 30


@dataclass(frozen=True, slots=True)
class PastedReading:
    """What was read from a pasted page: the parts of an article plus the date as the page shows it."""

    title: str
    date: DateMatch | None
    dateline: str | None
    author: str | None
    body: tuple[str, ...]
    # The page's address on its own line under the headline, as a phone's or a browser's share writes it ("Title |
    # Site" / "https://..."): the article's link, and its title the page's <title>.
    url: str | None = None
    # The address a web archive's banner over the copy names (``bot.text.captures``): the article's link otherwise.
    captured: str | None = None


def header_layout(text: str) -> tuple[list[str], list[Kind], int]:
    """Return the page's lines, their kinds, and where the headline search ends (for tools that study headlines)."""
    lines = paragraph_lines(text)
    lines = lines[capture_banner(lines)[0] :]
    kinds = _laid_out(lines)
    return lines, kinds, _headline_room(lines, kinds, _first_start(lines, kinds)) if lines else 0


def read_pasted(text: str, *, reference: datetime, lines: list[str] | None = None) -> PastedReading:
    """Read the headline, date, author, dateline and body paragraphs from a pasted page's text.

    ``lines``: the text's :func:`paragraph_lines`, where the caller has them already.
    """
    lines = paragraph_lines(text) if lines is None else list(lines)
    banner, captured = capture_banner(lines)
    address, named = printed_frame(text) or (None, None)
    post = social_post(lines[banner:], reference)
    if post is not None:  # a copied post or thread: its writer, its day, the posts' texts (bot.text.posts)
        reading = PastedReading(title_from_text(list(post.texts)), post.posted, None, post.writer, post.texts)
    else:
        reading = _read_lines(lines[banner:], reference, named)
    captured = captured or address
    return replace(reading, captured=captured) if captured else reading


def _read_lines(lines: list[str], reference: datetime, named: str | None = None) -> PastedReading:
    """Read a copy's lines; ``named`` is the page's title as a frame around the copy gives it (a print head)."""
    if not lines:
        return PastedReading("", None, None, None, ())
    kinds = _laid_out(lines)
    start = _first_start(lines, kinds)
    # (A rule of marks, "=====" or "* * *", opens no text.)
    first_text = next((i for i, kind in enumerate(kinds) if kind is _TEXT and lettered(lines[i])), None)
    title_at = _named_headline(lines, kinds, start, named) if named else None
    title_at = _headline(lines, kinds, start) if title_at is None else title_at
    if title_at is None and first_text is not None and _shared_under(lines, first_text):
        title_at = first_text  # "Title | Site" over the page's address: a shared page's title, whatever the model says
    if title_at is None and first_text is not None and _facts_under(lines, first_text):
        title_at = first_text  # a title over a reading app's line of facts ("site · by Ann Lee · 6 min")
    meta_end = start  # where dates and bylines are looked for, even when the body starts higher
    ruled = start
    if title_at is None and first_text is not None and first_text < start:
        start = first_text  # no line is the headline: the copy is the article's text from its first line
    elif title_at is not None and title_at >= start:
        # The page's top held running text above the headline (a teaser, a notice): the body follows the headline.
        after = title_at + 1
        start = after + _body_start(lines[after:], kinds[after:]) if after < len(lines) else len(lines)
    if title_at is not None:
        start = _past_summary(lines, kinds, start)
    meta_end = max(meta_end, start)
    if title_at is not None:
        start = _with_cjk_lead(lines, kinds, title_at, _with_summary_list(lines, kinds, title_at, start))
    laid_out = kinds
    kinds = _body_kinds(kinds, lines, start)
    author = _author(lines[:meta_end], kinds[:meta_end], title_at)
    author = (
        author
        or _separated_byline(lines, kinds, title_at, meta_end)
        or _name_over_share_bar(lines, kinds, title_at, meta_end)
    )
    end = _text_end(lines, kinds, start, author)
    if end <= ruled < len(lines) and start < ruled:
        # Read from the copy's first line, the body ended in the header's furniture (a date, a byline, "Leave a
        # comment") before the running text: the header was no article text, so the body starts where the rules say.
        start = ruled
        end = _text_end(lines, kinds, start, author)
    end = comment_rules_start(lines, start, end)
    body = _body(lines, kinds, start, end, title_at) or any_prose(lines, kinds, title_at)
    if not any(map(sentence_like, (*body, lines[title_at] if title_at is not None else ""))):
        body = []  # not one sentence in the copy: furniture, a title or a list of links, not an article
    dateline = None
    opening = ""  # what the dateline took off the body's first paragraph
    if body:
        dateline, first = split_dateline(body[0])
        if dateline is not None:
            opening = body[0][: len(body[0]) - len(first)]
        body = [first, *body[1:]] if first else body[1:]
        if dateline is None and 0 < start < len(lines) and start - 1 != title_at and lines[start] == body[0]:
            dateline = _dateline_above(lines[start - 1], body[0])
    header = [line for i, line in enumerate(lines[:meta_end]) if i != title_at]
    date = _date(header, lines[_closing_dates(laid_out, kinds, start, end) :], reference, body, lines)
    if date is None and opening:
        date = _dateline_day(opening, reference)
    if (
        title_at is None
        and len(body) > 1
        and first_text is not None
        and body[0] == lines[first_text]
        and not any(map(lettered, lines[:first_text]))  # no header line above it (a byline, a date)
        and _unstopped_title(body[0], body[1])
    ):
        # The model took no line for the headline, and the body opens with the copy's first text: a line of a
        # title's length with no stop over the running text ("Why small towns are winning the remote-work
        # decade") is its headline, no paragraph of the body (the title was that line all the same).
        return PastedReading(body[0], date, dateline, author, tuple(body[1:]))
    if title_at is not None:
        shared = lines[title_at + 1] if _shared_under(lines, title_at) else None
        return PastedReading(lines[title_at], date, dateline, author, tuple(body), shared)
    return PastedReading(_title_from(body), date, dateline, author, tuple(body))


def _shared_under(lines: list[str], at: int) -> bool:
    """Tell whether line ``at`` is a shared page's title: an unstopped line over the page's bare web address."""
    return (
        at + 1 < len(lines)
        and lines[at + 1].startswith(("http://", "https://"))
        and _bare_address(lines[at + 1])
        and not lines[at].endswith(_SENTENCE_ENDS)
    )


_TITLE_STOPS = (".", "!", "?", ":", ";", ",", "\u2026", "\u3002", "\uff01", "\uff1f", "\u104b", "\u0964", "\u06d4")


def _facts_under(lines: list[str], at: int) -> bool:
    """Tell whether line ``at`` is a title over a reading app's line of the page's facts, a byline among them.

    "Headline" / "The Commons | by Ann Lee | 6 min read" or "site.example · by Ann Lee · 6 min": an unstopped line of
    a title's length over a line of separated facts, one of them a byline, over the text.
    """
    return (
        at + 2 < len(lines)
        and len(lines[at]) <= _TITLE_CHARS
        and not lines[at].endswith(_SENTENCE_ENDS)
        and len(lines[at + 1]) <= _TITLE_CHARS
        and not _SEPARATED_BY_HINTS.isdisjoint(lines[at + 1])
        and _BY_SEPARATED.search(lines[at + 1]) is not None
        and sentence_like(lines[at + 2])
    )


def _unstopped_title(first: str, second: str) -> bool:
    """Tell whether a copy's first line is a title over its running text: short, unstopped, not in lower case.

    No stop ends it, not even inside its closing quote ("... supporters?\u201d" is a sentence), and it holds no
    colon or bar (a product box's "Tested by: ... | Price: ...").
    """
    return (
        len(first) <= _TITLE_CHARS
        and not first.rstrip(_CLOSING_MARKS).endswith(_TITLE_STOPS)
        and not first[:1].islower()
        and ":" not in first
        and "|" not in first
        and word_count(first) <= _UNSTOPPED_TITLE_WORDS
        and sentence_like(second)
    )


_CLOSING_MARKS = "\"'\u201d\u2019\u00bb)]\u300d\u300f"
_UNSTOPPED_TITLE_WORDS = 15


# A chat app's emphasis around a whole line ("*Headline*" from WhatsApp or Telegram, "**Headline**", "_Headline_").
_EMPHASIS = re.compile(r"(\*\*|__|\*|_|~)(?=[^\s*_~])([^*_~]+?)(?<=[^\s*_~])\1")


_EMPHASIS_MARKS = frozenset("*_~")


def _without_emphasis(line: str) -> str:
    """Return a line without the emphasis marks a chat app's copy wraps it in whole, else as it is."""
    whole = _EMPHASIS.fullmatch(line)
    return whole[2] if whole else line


def read_body(paragraphs: list[str], *, author: str | None = None) -> list[str]:
    """Return the body of an article's text known to start at its first paragraph (a web clip's Markdown).

    Furniture is left out as a pasted copy's body leaves it out: share bars, ad slots, captions, the closing links
    and boxes. The paragraphs are kept whole when none would be left (never an article lost to the rules).
    Each paragraph is single-spaced already, as :func:`collapse_blanks` leaves it (``markdown_blocks`` gives them
    so): each is read as a line as it is, not collapsed again (~30 instructions a character).
    """
    lines = [paragraph for paragraph in paragraphs if paragraph]
    if not lines:
        return []
    kinds = _body_kinds(_laid_out(lines), lines, 0)
    end = comment_rules_start(lines, 0, _text_end(lines, kinds, 0, author))
    return _body(lines, kinds, 0, end, None) or lines


def _laid_out(lines: list[str]) -> list[Kind]:
    """Return the kinds of a copy's lines, the lines a bare picture credit follows marked as captions."""
    return _with_captions([classify_paragraph_line(line) for line in lines], lines)


def _text_end(lines: list[str], kinds: list[Kind], start: int, author: str | None) -> int:
    """Return where the body starting at ``start`` ends: page furniture, closing blocks and the writer's bio out."""
    return bio_start(lines, start, body_end(lines, kinds, start), author)


def _closing_dates(laid_out: list[Kind], kinds: list[Kind], start: int, end: int) -> int:
    """Return where the page's closing lines start, the body's own closing run of dated lines included.

    A run of dated lines kept as body text (a schedule, ``_with_schedules``) may close the body; when it does, the
    date is also looked for in it as in the lines below the body (``pagedates.page_date``'s late lines): there only
    a date marked published is taken ("Published 3 May 2019" over "Updated ..." and "Last reviewed ..." under the
    last paragraph), and only when the header gives none.
    """
    at = end
    while at > start and laid_out[at - 1] is _DATE and kinds[at - 1] is _TEXT:
        at -= 1
    return at


def _headline(lines: list[str], kinds: list[Kind], start: int) -> int | None:
    """Return the headline's index, or None when the copy starts with the body itself (no headline line)."""
    if _opens_with_body(lines, kinds, start):
        return None  # the first text is running text with no date or byline ahead: no headline was copied
    return pick_headline(lines, kinds, _headline_room(lines, kinds, start))


def opens_with_body(lines: list[str], kinds: list[Kind]) -> bool:
    """Tell whether a copy opens with its body's running text, so that no line of it is taken as the headline."""
    return _opens_with_body(lines, kinds, _first_start(lines, kinds))


def _opens_with_body(lines: list[str], kinds: list[Kind], start: int) -> bool:
    return not any(kinds[i] is _TEXT for i in range(start)) and is_prose(lines[start])


def _first_start(lines: list[str], kinds: list[Kind]) -> int:
    """Return where the body starts by the layout rules, before any headline is chosen."""
    start = _body_start(lines, kinds)
    first_text = next((i for i, kind in enumerate(kinds) if kind is _TEXT), None)
    if first_text is not None and first_text < start and mid_sentence(lines[first_text]):
        return first_text  # the copy starts inside a sentence: it is all body, there is no headline line
    return start


def _headline_room(lines: list[str], kinds: list[Kind], start: int) -> int:
    """Return where the headline search ends: past the body's first line when that line is shaped like a title.

    The body-start rule takes the first running text after the menus; in a copy that starts above the headline
    that is often the headline itself (long, or ending in "?" or a quote, not a full stop). The headline model
    then looks at it among the lines above the next running text, with the features of a header line.
    """
    after = start + 1
    line = lines[start]
    if after >= len(lines) or line[:1].islower() or line.endswith(_SENTENCE_ENDS) or word_count(line) > _HEAD_WORDS:
        return start
    if not is_prose(line) and is_body_prose(line) and _without_prose(lines, kinds):
        return start  # a Thai, Lao, ... paragraph (of few spaces, no stop) in a copy _body_start read by them
    return after + _body_start(lines[after:], kinds[after:])


_DATELINE_ENDS = ("-", "\u2013", "\u2014")
_DATELINE_CHARS = 60
_OUTLET_LETTERS = 3  # "CNN", "BBC", "AFP": an outlet's initials where a dateline's place would stand


_DATELINE_KINDS = frozenset({"full", "yearless"})


def _dateline_day(opening: str, reference: datetime) -> DateMatch | None:
    """The day a dateline names, where the copy gives no other date.

    A press release's "COLUMBUS, Ohio, Dec. 4, 2026 /PRNewswire/ --" is dated by its wire; an agency's yearless
    "NEW YORK, Oct 17 (Reuters) -", TASS's "Moscow, 7 December." or Xinhua's "Beijing, 7 December" by the last such
    day not after the copy was made, as a yearless date in a header is (a wire's dateline is the day it filed).
    """
    latest = latest_day(reference)
    found = [m for m in search_dates(opening, reference=reference) if m.kind in _DATELINE_KINDS and m.day <= latest]
    return found[0] if found else dateline_day_month(opening, reference=reference)


def _dateline_above(above: str, first: str) -> str | None:
    """The dateline a page sets on its own line over the story's first paragraph ("Cairo \u2014"), else None."""
    if len(above) > _DATELINE_CHARS or not above.endswith(_DATELINE_ENDS):
        return None
    place, rest = split_dateline(f"{above} {first}")
    if not place or rest != first or (len(place) <= _OUTLET_LETTERS and place.isupper()):
        return None  # "CNN \u2014" alone over a story with no place: the outlet, no dateline
    return place


def _title_from(body: list[str]) -> str:
    """Make a title from the first sentence when the copy has no headline line."""
    if not body:
        return ""
    first = _FIRST_SENTENCE.split(body[0], maxsplit=1)[0]
    if len(first) <= _TITLE_CHARS:
        return first
    return first[: first.rfind(" ", 0, _TITLE_CHARS)].rstrip(",;:") + "\u2026"


def _with_captions(kinds: list[Kind], lines: list[str]) -> list[Kind]:
    """Mark as captions the lines that a bare picture credit follows."""
    out = list(kinds)
    for i in range(len(lines) - 1):
        credit = lines[i + 1]
        if (
            kinds[i] is _TEXT
            and kinds[i + 1] is _CAPTION
            and _bare_credit(credit)
            and word_count(lines[i]) <= _CAPTION_WORDS
            and not _credit_opens_figure(lines, kinds, i + 1)
            and not _closing_credit(lines, kinds, i + 1)
            and not lines[i].endswith(":")  # "The five are:" introduces what follows the picture
            and _STOCK_CREDIT.search(credit) is None
        ):
            out[i] = _CAPTION
    for i in range(1, len(lines) - 1):
        if lines[i][:1] not in _MEDIA_FIRST or not _MEDIA_LABEL.match(lines[i]):
            continue
        # In a menu ("News", "Video", "Sport") the label sits among other short links: not a player.
        in_menu = kinds[i - 1] in (_TEXT, _MORE) and not is_prose(lines[i - 1])
        if not in_menu:
            # A bare "Video" label: the player's title and its one-line description follow it.
            for j in range(i + 1, min(len(lines), i + 1 + _MEDIA_LINES)):
                if kinds[j] is not _TEXT or word_count(lines[j]) > _CAPTION_WORDS // 2:
                    break
                out[j] = _CAPTION
    for i in range(1, len(lines)):
        # A word or two right under a credit ("Report", "Enlarge") is the embed's or picture's button.
        if out[i] is not _TEXT or kinds[i - 1] is not _CAPTION:
            continue
        if word_count(lines[i]) <= _BUTTON_WORDS and not is_prose(lines[i]):
            out[i] = _CAPTION
    return out


def _credit_opens_figure(lines: list[str], kinds: list[Kind], at: int) -> bool:
    """Tell whether the credit at ``at`` heads the picture below it rather than closing a caption above it."""
    if "@" in lines[at]:
        return True  # "Image copyright @someone": an embedded post, its credit shown above it
    after = at + 1
    # The picture's own caption follows the credit: the line above the credit is not its caption.
    if (
        after < len(lines)
        and kinds[after] is _CAPTION
        and lines[after] != lines[at]
        and word_count(lines[after]) >= _CAPTION_BELOW_WORDS
    ):
        return True
    # A paragraph, the credit, then a short line that is no sentence (the picture's title, a product's name): the
    # credit heads that picture, and the paragraph above it is the article's.
    above = lines[at - 1]
    return (
        after < len(lines)
        and kinds[after] is _TEXT
        and not is_prose(lines[after])
        and is_prose(above)
        and above.endswith(_SENTENCE_ENDS)
    )


def _body_kinds(kinds: list[Kind], lines: list[str], start: int) -> list[Kind]:
    """Return the kinds the body is read by: the layout's, with what only the body's reading can tell.

    The layout's kinds (``_laid_out``) are what the headline model's rows are computed from; these corrections
    apply from the body's start on and change no row.
    """
    return _paragraphs_over_credits(_with_schedules(kinds, lines, start), lines, start)


def _paragraphs_over_credits(kinds: list[Kind], lines: list[str], start: int) -> list[Kind]:
    """Mark as text the paragraphs between paragraphs that a credit under them made captions.

    A bare credit ("Photo by Jane Doe") under a line makes that line the picture's caption (``_with_captions``).
    On a page whose credits stand right under paragraphs too long to be captions (pictures set without captions:
    a how-to's steps, a magazine's long read), a sentence between paragraphs over such a credit is the article's.
    """
    if kinds.count(_CAPTION) < _BARE_CREDITS + 2:
        return kinds  # the credits under paragraphs, a paragraph and its credit: most copies hold fewer captions
    found = [
        i
        for i in range(max(start, 1), len(lines) - 1)
        if kinds[i] is _CAPTION
        and kinds[i - 1] is _TEXT
        and kinds[i + 1] is _CAPTION
        and _bare_credit(lines[i + 1])
        and is_prose(lines[i])
        and is_prose(lines[i - 1])
    ]
    if not found or _credits_under_paragraphs(lines, kinds, start) < _BARE_CREDITS:
        return kinds
    out = list(kinds)
    for i in found:
        out[i] = _TEXT
    return out


# A free picture library's credit ("Photo by Ana Lima on Unsplash", "Image: Pexels"): a blog's picture with no
# caption of its own, so the paragraph above it is no caption (a paid library's, "Photo: Shutterstock", may have one).
_STOCK_CREDIT = re.compile(r"\b(?:Unsplash|Pexels|Pixabay)\b")


def _bare_credit(line: str) -> bool:
    """Tell whether a line is a bare picture credit: a few words naming a photo, an agency or a photographer."""
    return word_count(line) <= _CREDIT_WORDS and bool(_PICTURE_CREDIT.search(line) or _PHOTOGRAPHER.match(line))


def _credits_under_paragraphs(lines: list[str], kinds: list[Kind], start: int) -> int:
    """Count the bare credits right under a paragraph too long to be a picture's caption."""
    return sum(
        1
        for i in range(max(start, 1), len(lines))
        if kinds[i] is _CAPTION
        and kinds[i - 1] is _TEXT
        and word_count(lines[i - 1]) > _CAPTION_WORDS
        and _bare_credit(lines[i])
    )


def _closing_credit(lines: list[str], kinds: list[Kind], at: int) -> bool:
    """Tell whether the credit at ``at`` closes the copy under the article's last paragraph ("Foto: dpa").

    Nothing of the text follows it (the copy ends there, or only page furniture does: share buttons such as
    "Facebook" / "X" are lines of no prose) and a paragraph of running
    text ending like a sentence stands over it, under another line of text: the credit is the page's picture's,
    set at the article's foot, and the paragraph is the article's last, not a caption. (A picture closing the
    article, its caption and credit under the last paragraph, then keeps its caption as the body's last line.)
    """
    above = at - 1
    return (
        above > 0
        and kinds[above - 1] is _TEXT
        and is_prose(lines[above])
        and lines[above].endswith(_SENTENCE_ENDS)
        and not any(kinds[i] is _TEXT and is_prose(lines[i]) for i in range(at + 1, len(lines)))
    )


def _with_schedules(kinds: list[Kind], lines: list[str], start: int) -> list[Kind]:
    """Mark as text the dated lines inside the body that are the article's: a schedule, a timeline, a sentence.

    A short line with a date is a date line to the line kinds (what a header holds). Inside the body, a run of
    them is a schedule or timeline, and one that reads as a sentence of the story ("The council will meet again
    on Feb. 12.") is the story's: either was left out of the body, often as its closing paragraph.
    """
    out = list(kinds)
    i = start
    while i < len(lines):
        j = i
        while j < len(lines) and kinds[j] is _DATE and word_count(lines[j]) >= _SCHEDULE_WORDS:
            j += 1
        if j - i >= _SCHEDULE_RUN:
            out[i:j] = [_TEXT] * (j - i)
        i = j + 1
    for i in range(start, len(lines)):
        if out[i] is _DATE and dated_sentence(lines[i]):
            out[i] = _TEXT
    return out


def _dated_sentence(line: str) -> bool:
    """Tell whether a date line is a sentence of the story that names a day.

    It has a few words besides the date and is closed by a stop, with no word of publishing, updating or reading
    ("Posted by Jane Doe on ...", "Zuletzt aktualisiert ...", "Retrieved ..."), no byline, no citation mark.
    """
    return (
        (line[:1].isalnum() or line[:1] in _QUOTES_OPEN)  # not a citation's "^" or a list's mark
        and line.endswith(_SENTENCE_ENDS)
        and sentence_like(line)
        and (words_beside_dates(line) or 0) >= _DATED_SENTENCE_WORDS
        and not names_a_stamp(line)
        and BYLINE.match(line) is None
    )


dated_sentence = LineCache(_dated_sentence, 4096).__getitem__
"""Tell whether a date line is a sentence of the story that names a day (cached)."""


def paragraph_lines(text: str) -> list[str]:
    """Split text into its non-empty lines, joining lines that were hard-wrapped inside a paragraph.

    A line cut mid-sentence and continued in lower case is joined to the next. The copy's own layout sets how
    short such a line may be (:func:`_wrap_width`: 40 characters, less in a copy wrapped in a narrow column), and
    whether the continuation may stand after a blank line (:func:`_double_spaced`: some PDFs, some pages' line
    breaks).
    """
    return _without_running_heads(joined_rows(_rows(text)))


def _without_running_heads(lines: list[str]) -> list[str]:
    """Return the lines without a printed page's running head repeated inside the article.

    A copy of several pages of a PDF or an e-paper repeats the page's head ("4  THE DAILY EXAMPLE  Saturday,
    December 5, 2026") between its paragraphs: a date line there ended the body's first part as if it were a
    standfirst, and the article's opening paragraphs were lost. Such a line is told by its shape, never by its
    words: a date line, no sentence, shown again past the copy's first paragraph with only its page number
    changed, or as the copy's first line (the masthead) was. Its copies past the first paragraph go.
    """
    # Each short line without a number standing at either end (a page number; a year too, alike in every copy).
    keys = [_page_key(line) if line[0] in _DIGITS or line[-1] in _DIGITS else line for line in lines]
    frame = _frame_of(lines)
    if frame is not None:
        head, foot = frame
        lines = [line for line in lines if not (foot.fullmatch(line) or head.fullmatch(line))]
        keys = [_page_key(line) if line[0] in _DIGITS or line[-1] in _DIGITS else line for line in lines]
    paged = frame is not None or any(_page_mark(line) for line in lines)
    if len(set(keys)) == len(keys):
        return [line for line in lines if not _page_mark(line)] if paged else lines  # no line shown twice (most copies)
    heads = set()
    for key, count in Counter(keys).items():
        if (
            count < 2
            or len(key) > _RUNNING_HEAD_CHARS
            or (_DIGIT.search(key) is None and not paged)
            or key.count(" ") < (1 if paged else _RUNNING_HEAD_WORDS - 1)
        ):
            continue  # once; no date in it ("Share" between paragraphs); a bare date ("10 December 2026", a timeline's)
        shown = [line for line, k in zip(lines, keys, strict=True) if k == key]
        if paged and _DIGIT.search(shown[0]) is None:
            continue  # a numbered page's head names its day; a title shown on every page may be the headline
        if len(set(shown)) == 1 and not (shown[0] == lines[0] and keys[0] == key):
            continue  # the same line again, not the masthead: a table's, a list's
        if (paged or classify_paragraph_line(shown[0]) is _DATE) and not sentence_like(shown[0]):
            heads.add(key)
    if paged:
        # Numbered pages: the lines each page repeats are its head or foot ("Regional Bulletin  December 2026"),
        # the first copy too, where the headline model took it for the headline.
        return [line for line, key in zip(lines, keys, strict=True) if key not in heads and not _page_mark(line)]
    if not heads:
        return lines
    first_prose = next((i for i, line in enumerate(lines) if sentence_like(line)), len(lines))
    return [line for i, (line, key) in enumerate(zip(lines, keys, strict=True)) if i <= first_prose or key not in heads]


# A printed page's number on a line of its own, as a copy of several pages of a PDF shows it between them ("Page 2
# of 7", "Seite 2 von 7", "Strona 2 z 7", "- 2 -"): no text of the article.
_PAGE_MARK = re.compile(
    r"(?:(?i:page|seite|p\u00e1gina|pagina|strona|sivu|sida|side|oldal|str\u00e1nka|\u0441\u0442\u0440\u0430\u043d\u0438\u0446\u0430)"
    r"\s+\d{1,4}(?:\s*(?:of|von|de|sur|di|z|av|af|\u0438\u0437|/)\s*\d{1,4})?|[-\u2013\u2014]\s*\d{1,4}\s*[-\u2013\u2014])"
)
_PAGE_MARK_CHARS = 24
# A browser's print to PDF frames each page with a head and a foot: Chrome's (and Edge's) "12/4/26, 9:15 AM
# Headline | Site" and "https://... 1/2", Firefox's "Headline | Site https://..." and "1 of 2 12/4/26, 9:15 AM".
# Copied from the PDF, the head was the headline and each foot a paragraph. Where a foot is seen, heads and feet go
# as page marks do; the frame's address is the article's link, and its title names the headline.
_PRINTED_AT = r"\d{1,4}[/.-]\d{1,2}[/.-]\d{1,4},?[ \t]+\d{1,2}[:.]\d{2}(?::\d{2})?(?:[ \t]*[AaPp]\.?[Mm]\.?)?"
_FRAMES = (  # (head, foot); the address is the group named so in either
    (
        re.compile(rf"{_PRINTED_AT}[ \t]+(?P<title>\S.*)"),
        re.compile(r"(?P<address>https?://\S+)[ \t]+\d{1,4}/\d{1,4}"),
    ),
    (
        re.compile(r"(?P<title>\S.*?)[ \t]+(?P<address>https?://\S+)"),
        re.compile(rf"(?i:page[ \t]+)?\d{{1,4}}[ \t]+of[ \t]+\d{{1,4}}[ \t]+{_PRINTED_AT}"),
    ),
)
_FOOT_FIRSTS = frozenset("0123456789hHpP")


def _frame_of(lines: Sequence[str]) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """Return the head's and foot's patterns of the browser's print frame a copy's lines show, else None."""
    for head, foot in _FRAMES:
        if any(line[0] in _FOOT_FIRSTS and line[-1] in _DIGITS_AND_MARKS and foot.fullmatch(line) for line in lines):
            return head, foot
    return None


_DIGITS_AND_MARKS = frozenset("0123456789MmPpAa.")  # a foot ends with a page's number or a time's "AM" / "p.m."


def printed_frame(text: str) -> tuple[str | None, str | None] | None:
    """Return the page's address and title a browser's print frame around a copy of its PDF gives, else None."""
    if "://" not in text:
        return None  # every frame names the page's address
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    frame = _frame_of(lines)
    if frame is None:
        return None
    address = title = None
    for line in lines:
        for pattern in frame:
            found = pattern.fullmatch(line)
            if found:
                address = address or found.groupdict().get("address")
                title = title or found.groupdict().get("title")
    return address, title.strip() if title else None


_TITLE_PARTS = re.compile(r"\s+[|\u2013\u2014\u00b7-]\s+")


def _named_headline(lines: list[str], kinds: list[Kind], start: int, named: str) -> int | None:
    """Return the line above the body that the page's title names (whole, or one part of "Headline | Site").

    The longest part named wins: a site's name, shorter than its headlines, may stand above the headline too.
    """
    top = range(min(start + 1, len(lines)))
    for part in sorted({named, *_TITLE_PARTS.split(named)}, key=len, reverse=True):
        found = next((i for i in top if lines[i] == part and kinds[i] is _TEXT), None)
        if found is not None:
            return found
    return None


def _page_mark(line: str) -> bool:
    return len(line) <= _PAGE_MARK_CHARS and line[-1] in _DIGITS_AND_DASHES and _PAGE_MARK.fullmatch(line) is not None


_DIGITS_AND_DASHES = frozenset("0123456789-\u2013\u2014")


def _page_key(line: str) -> str:
    """A line without a number of at most four digits standing first or last (a page number, or a year)."""
    if line[:1].isdigit():
        head, _, rest = line.partition(" ")
        if head.isdigit() and len(head) <= _PAGE_DIGITS and rest:
            line = rest.lstrip()
    if line[-1:].isdigit():
        rest, _, tail = line.rpartition(" ")
        if tail.isdigit() and len(tail) <= _PAGE_DIGITS and rest:
            line = rest.rstrip()
    return line


_DIGIT = re.compile(r"\d")
_DIGITS = frozenset("0123456789")
_RUNNING_HEAD_CHARS = 100
_PAGE_DIGITS = 4
_RUNNING_HEAD_WORDS = 4  # a running head names the paper and the day: a shorter line is a date of the text's own


def joined_rows(rows: list[tuple[str, int]]) -> list[str]:
    """Return the lines of :func:`paragraph_lines` from the copy's collapsed lines and the blank lines above each."""
    shortest = _wrap_width(rows)
    spaced = _double_spaced(rows, shortest)
    typed = _typed_width(rows) if shortest == _WRAP_WIDTH and not spaced else 0
    out: list[str] = []
    last = ""  # the last line of out[-1]
    copy: list[str] = []  # the copy's text in lower case, made only for a line that ends with a hyphen
    for line, blanks in rows:
        if out and (blanks == 0 or (spaced and blanks == 1)):
            strict = blanks > 0 or shortest < _WRAP_WIDTH
            if (
                _wrapped(last, line, shortest, digits=strict)
                and (_no_header_line(line) if strict else not _bare_byline(line))
            ) or (blanks == 0 and typed and _typed_on(last, line, typed, joined=out[-1] != last)):
                out[-1] = _continued(out[-1], line, rows, copy)
                last = line
                continue
        out.append(line)
        last = line
    return out


def _typed_width(rows: list[tuple[str, int]]) -> int:
    """Return the width a copy's paragraphs are hard-wrapped at, or 0 where its lines are not wrapped at one width.

    A plain-text letter, a forwarded mail or a PDF copied whole breaks its paragraphs at 60-130 characters: lines
    cut mid-sentence and continued in lower case, of about one length. There a full line continued by a number or
    a name ("every" / "30 minutes", "economist, Marta" / "Kowalska.") is cut mid-sentence too.
    """
    cut = [
        len(before)
        for (before, _), (after, blanks) in itertools.pairwise(rows)
        if blanks == 0 and _WRAP_WIDTH <= len(before) <= _TYPED_WIDEST and _cut_before(before, after)
    ]
    if len(cut) < _TYPED_MIN:
        return 0
    widest = max(cut)
    return widest if min(cut) >= widest - _NARROW_SPREAD else 0


_TYPED_MIN, _TYPED_WIDEST = 2, 160


def _typed_on(before: str, after: str, width: int, *, joined: bool) -> bool:
    """Tell whether, in a copy wrapped at ``width``, a full line without a stop is continued by the next.

    A line in lower case or a number after a word ("every" / "30 minutes"), or, inside a paragraph already joined,
    any line but a date or byline line ("economist, Marta" / "Kowalska."). A full line is one within 15 characters
    of the width, at most 160 long (the reader's other joins stop at 100: a PDF's wide page goes further).
    """
    if not width - _NARROW_SPREAD <= len(before) <= _TYPED_WIDEST or before[-1:] in _CUT_ENDS:
        return False
    if not (joined or after[:1].islower() or (after[:1].isdigit() and before[-1:].isalpha())):
        return False
    return classify_paragraph_line(after) not in _HEADER_KINDS


_HEADER_KINDS = frozenset({_DATE, _BYLINE})


def _continued(before: str, after: str, rows: list[tuple[str, int]], copy: list[str]) -> str:
    """Return a line cut mid-sentence joined with its continuation, a word hyphenated at the cut made whole again.

    A copy from a justified column (a PDF, an e-paper) breaks words at its line ends: "end-" / "ing" is
    "ending", a soft hyphen too; "pro-" / "European" and a word the copy writes with its hyphen elsewhere
    ("well-known") keep it, without the space.
    """
    end = before[-1]
    if end == "\u00ad":
        return before[:-1] + after
    if end not in "-\u2010" or len(before) < 2 or not before[-2].isalpha() or not after[0].isalpha():
        return f"{before} {after}"
    if not after[0].islower():
        return before + after
    if not copy:
        copy.append(" ".join(line for line, _ in rows).lower())
    head = before[:-1].rsplit(" ", 1)[-1]
    tail = after.split(" ", 1)[0].rstrip(_WORD_END)
    return before + after if f"{head}-{tail}".lower() in copy[0] else before[:-1] + after


_WORD_END = ".,;:!?)\"'\u201d\u2019"


def _rows(text: str) -> list[tuple[str, int]]:
    """Return the text's non-empty lines, whitespace collapsed, each with the number of blank lines above it."""
    rows: list[tuple[str, int]] = []
    blanks = 0
    # No-break spaces are kept (hidden from split() as NULs, which therefore come out as no-break spaces too).
    keep_nbsp = "\u00a0" in text or "\x00" in text
    notes = may_hold_link_notes(text)
    quoted = False  # the last line was a quote's ("> ...")
    for raw in text.splitlines():
        if not raw:  # a blank line (half the lines of a page): what collapsing it would give, without the call
            blanks += 1
            continue
        if keep_nbsp and ("\u00a0" in raw or "\x00" in raw):  # a line without either: the same as below
            line = " ".join(raw.replace("\u00a0", "\x00").split()).replace("\x00", "\u00a0").strip()
        else:
            line = collapse_blanks(raw)
        if notes:
            line = without_link_notes(line)
        if line[:1] in _EMPHASIS_MARKS and line[-1:] == line[:1]:
            line = _without_emphasis(line)  # "*Headline*", a chat app's bold line
        if line[:2] == "> ":  # a mail's or a Markdown quote's marks ("> > The council said ..."): not the text's
            line = _QUOTE_MARKS.sub("", line)
            quoted = True
        elif quoted and line.strip(">") == "":
            line = ""  # a quote's blank line ("> text" / ">" / "> text"); a lone ">" elsewhere is a page's arrow
        else:
            quoted = False
        if not line:
            blanks += 1
            continue
        rows.append((line, blanks))
        blanks = 0
    return rows


# A quoted line's marks, one level or several ("> ", "> > ", ">> "); a lone ">" or ">>" (a page's arrow) is kept.
_QUOTE_MARKS = re.compile(r"^(?:>[ \t]*)+")


def _wrap_width(rows: list[tuple[str, int]]) -> int:
    """Return how short a line cut mid-sentence may be: 40, or less in a copy hard-wrapped in a narrow column.

    A copy from a newspaper's column (a PDF, an e-paper) wraps at 30-40 characters: most of its lines are then
    cut mid-sentence, continued in lower case, and of about one length. Headlines and menus are not.
    """
    narrow = [
        len(before)
        for (before, _), (after, blanks) in itertools.pairwise(rows)
        if blanks <= 1 and _NARROW_SHORTEST <= len(before) < _WRAP_WIDTH and _cut_before(before, after)
    ]
    if len(narrow) < _NARROW_MIN or len(narrow) * 10 < len(rows) * 3:
        return _WRAP_WIDTH
    widest = max(narrow)
    if sum(length >= widest - _NARROW_SPREAD for length in narrow) * 4 < len(narrow) * 3:
        return _WRAP_WIDTH
    return max(_NARROW_SHORTEST, widest - _NARROW_SPREAD)


def _double_spaced(rows: list[tuple[str, int]], shortest: int) -> bool:
    """Tell whether the copy stands its wrapped lines between blank lines.

    Continuations across one blank line must be at least 3, more than the lines right under another line, and 3 in
    10 of the lines after one blank line (a page copied with a blank line between paragraphs has a few, where a
    formula or a link was left out).
    """
    adjacent = spaced = after_one = 0
    for (before, _), (after, blanks) in itertools.pairwise(rows):
        if blanks == 0:
            adjacent += 1
        elif blanks == 1:
            after_one += 1
            if _wrapped(before, after, shortest, digits=True) and _no_header_line(after):
                spaced += 1
    return spaced >= _DOUBLE_SPACED_MIN and spaced > adjacent and spaced * 10 >= after_one * 3


def _cut_before(before: str, after: str, *, digits: bool = False) -> bool:
    # Cut mid-sentence: no stop at the end, and the next line goes on in lower case. Where the copy's layout shows
    # it wrapped, also a number or a capital after a word no sentence ends with ("voted 31 to" / "12 on Monday",
    # "a decade of debate on" / "Monday"); not after any other ("stays" / "1. Take any blankets").
    first = after[:1]
    if before[-1:] in _CUT_ENDS:
        return False
    if first.islower():
        # A bare address on its own line ("Headline | Site" / "https://..." as a phone shares a page) goes on no line
        # of text; one closing a sentence ("... at" / "https://example.org/report.") does, and so does a list of
        # addresses (as the copy's other joins have it).
        # So does a site's host under a headline, alone or opening a reading app's line of facts ("smalltowns.example"
        # / "smalltowns.example · by Ann Lee · 6 min").
        bare = _bare_address(after) or _host_first(after)
        return not (bare and not after.endswith(_SENTENCE_ENDS) and not _bare_address(before))
    if not digits or not (first.isdigit() or first.isupper()):
        return False
    # "pro-" / "European": a word broken at its own hyphen, after a letter (a dash stands apart: "close -").
    return before.rsplit(" ", 1)[-1] in _OPEN_ENDS or (first.isupper() and _HYPHENATED.search(before) is not None)


_HYPHENATED = re.compile(r"[^\W\d_][-\u2010]$")
_ADDRESS_STARTS = ("http://", "https://", "www.")


def _bare_address(line: str) -> bool:
    return line.startswith(_ADDRESS_STARTS) and " " not in line


def _no_header_line(line: str) -> bool:
    # Where the copy's layout had to be guessed, a byline under a headline ("by Ann Lee") continues nothing.
    return classify_paragraph_line(line) is not _BYLINE


def _bare_byline(line: str) -> bool:
    """A byline of a name and nothing else, in lower case ("di Marta Keller", Italian papers' under a standfirst)."""
    found = BYLINE.match(line) if line[:1].islower() and not line.endswith(_SENTENCE_ENDS) else None
    return found is not None and _leading_name(line[found.end() :]) == line[found.end() :].strip()


def _wrapped(before: str, after: str, shortest: int = 40, *, digits: bool = False) -> bool:
    # A hard-wrapped paragraph: a line cut mid-sentence at typewriter width, continuing in lower case. A date line
    # in lower case under a headline ("vor 3 Stunden", "il y a 2 heures", "hace 3 horas") is a line of its own; a
    # sentence's last part that holds a date ("on 12 May 2014.") ends like one.
    return (
        shortest <= len(before) <= 100
        and _cut_before(before, after, digits=digits)
        and (after.endswith(_SENTENCE_ENDS) or classify_paragraph_line(after) is not _DATE)
    )


def _body_start(lines: list[str], kinds: list[Kind]) -> int:
    limit = min(len(lines), _HEADER_LIMIT)
    counts = Counter(lines[:limit])
    prose = [kinds[i] is _TEXT and is_prose(lines[i]) for i in range(len(lines))]
    if not any(prose[:limit]):  # _without_prose(lines, kinds), from the flags at hand
        # No line is running text to is_prose: a copy of Thai, Lao, Burmese or Khmer whose paragraphs hold few
        # spaces. Their paragraphs are (clean.is_body_prose).
        prose = [kinds[i] is _TEXT and (is_body_prose(lines[i]) or _cjk_sentence(lines[i])) for i in range(len(lines))]
    first_text = next((i for i, kind in enumerate(kinds) if kind is _TEXT), 0)
    if (
        prose[first_text]
        and word_count(lines[first_text]) >= _NO_HEADLINE_WORDS
        and not _meta_ahead(lines, kinds, prose, first_text)
    ):
        return first_text  # the copy starts with the body: there is no headline line
    for i in range(first_text + 1, limit):
        if not prose[i] or counts[lines[i]] > 1:
            continue  # not running text, or a line shown twice (a headline under its breadcrumb)
        # A date or byline before the next paragraph means this one is a standfirst or caption, not the body.
        if _meta_ahead(lines, kinds, prose, i):
            continue
        return i
    return 1 if len(lines) > 1 else 0


# A summary list's lines: statements of a few words (CJK characters counted as half a word each, as key points count).
_SUMMARY_ITEMS = (2, 5)
_SUMMARY_ITEM_WORDS = 4


def _with_summary_list(lines: list[str], kinds: list[Kind], title_at: int, start: int) -> int:
    """Return where the body starts, a summary list between the headline and ``start`` included.

    A live blog's "Key points" ("Das Wichtigste in Kürze", "L'essentiel", "要点" ...) over two to five lines that
    say what happened, without full stops: no running text to the body's start rule, so they were left out as
    header lines. The list is the story's own summary; its heading stays out.
    """
    for h in range(title_at + 1, start - _SUMMARY_ITEMS[0]):
        line = lines[h]
        if len(line) > SUMMARY_HEADING_CHARS or kinds[h] is not _TEXT or SUMMARY_HEADING.match(line) is None:
            continue
        items = 0
        for j in range(h + 1, start):
            if kinds[j] is not _TEXT or words_of_any_script(lines[j]) < _SUMMARY_ITEM_WORDS:
                break
            items += 1
        if _SUMMARY_ITEMS[0] <= items <= _SUMMARY_ITEMS[1]:
            if any(kinds[k] in HEADER_META for k in range(h + 1 + items, start)):
                return start  # a byline or date under the list: a summary box over the header, not the story's
            return h + 1
    return start


_SUMMARY_POINT_WORDS = 15  # a summary's point above the byline: one short sentence


def _past_summary(lines: list[str], kinds: list[Kind], start: int) -> int:
    """Return where the body starts when it seemed to start at a summary's points over the byline.

    "Takeaways by ... AI" or "Summary" over two to five short sentences, then "By Ann Lee" and the date, then the
    story: the points were taken for the body's start, so the byline and the date under them were never read as the
    header's. They are the header's, as a standfirst is; the body starts at the story's first paragraph. (After the
    headline is chosen: the model's features are computed from the start as it was fitted.)
    """
    j = start
    while (
        j < len(lines)
        and j - start <= _SUMMARY_ITEMS[1]
        and kinds[j] is _TEXT
        and is_prose(lines[j])
        and word_count(lines[j]) <= _SUMMARY_POINT_WORDS
    ):
        j += 1
    if not _SUMMARY_ITEMS[0] <= j - start <= _SUMMARY_ITEMS[1] or j >= len(lines) or kinds[j] not in HEADER_META:
        return start
    if kinds[j] is _DATE and dated_sentence(lines[j]):
        return start  # a sentence of the story naming a day ("The council meets again on May 2.")
    return next(
        (k for k in range(j + 1, min(len(lines), j + _LOOK_AHEAD)) if kinds[k] is _TEXT and is_prose(lines[k])), start
    )


def _with_cjk_lead(lines: list[str], kinds: list[Kind], title_at: int, start: int) -> int:
    """Return where the body starts, the short CJK sentences right under the headline or its date line included.

    "北京首场降雪" / "2026-12-05 08:12" / two sentences of 30-odd characters / a paragraph: the sentences are
    too short for is_prose's 40 characters, so the body started at the paragraph. Only a run reaching the body and
    right under the headline, a date or a byline line: one under a share bar is a picture's caption.
    """
    at = start
    while at - 1 > title_at and kinds[at - 1] is _TEXT and _cjk_sentence(lines[at - 1]):
        at -= 1
    if at < start and (at - 1 == title_at or kinds[at - 1] in _LEAD_AFTER):
        return at
    return start


_LEAD_AFTER = frozenset({_DATE, _BYLINE})


def _without_prose(lines: list[str], kinds: list[Kind]) -> bool:
    """Tell whether no text line of the copy's first _HEADER_LIMIT is running text to is_prose (answers cached).

    Such a copy (Thai, Lao, Burmese, Khmer paragraphs of few spaces and no stop) is read by clean.is_body_prose where
    the body starts and where the headline search ends. Only such a copy: where is_prose finds running text, both stay
    is_prose's, as the headline model's rows were computed.
    """
    return not any(kinds[i] is _TEXT and is_prose(lines[i]) for i in range(min(len(lines), _HEADER_LIMIT)))


def _meta_ahead(lines: list[str], kinds: list[Kind], prose: list[bool], i: int) -> bool:
    seen_prose = 0
    for j in range(i + 1, min(len(kinds), i + _LOOK_AHEAD)):
        # A header's date, byline or reading time; a sentence of the story that names a day is none ("The council
        # meets again on May 2."). Only the lines looked ahead to are asked (not every line of a long copy), a date
        # line's answer remembered: the look-ahead passes over the same lines many times.
        kind = kinds[j]
        if kind in HEADER_META and not (kind is _DATE and dated_sentence(lines[j])):
            return any(prose[j + 1 : j + 80])  # a header's byline has the body after it
        seen_prose += prose[j]
        if seen_prose >= 2:
            return False
    return False


def _body(lines: list[str], kinds: list[Kind], start: int, end: int, title_at: int | None) -> list[str]:
    header = set(lines[:start])
    title = lines[title_at] if title_at is not None else None
    body = []
    in_links = False  # after "Related" or "Most popular": a list of other articles' headlines
    links_at = start  # where that list's heading is
    # Each test runs only where it can change the outcome (tests/test_pasted_fastpaths.py compares this loop with
    # the plain one): running text is never a related heading (is_related_heading asks `not is_prose`), and under
    # such a heading a short line that does not end with ":" is skipped whether it is another heading or not.
    for i in range(start, end):
        line = lines[i]
        kind = kinds[i]
        prose = is_prose(line)
        if kind is _MORE:
            in_links, links_at = True, i
        elif (prose or (in_links and _cjk_sentence(line))) and (not in_links or ends_link_list(line, i - links_at)):
            in_links = False  # running text, or a CJK sentence too short for is_prose, ends a list of links
        elif in_links and line[-1:] != ":":
            continue  # a line of the list (not prose, so no sign-up sentence either)
        elif is_related_heading(line):
            in_links, links_at = True, i
            continue
        elif line[-1:] == ":":
            in_links = False  # a heading over the article's own list ("You'll need:")
        if kind is _SUBSCRIBE and prose and _sentence_among_paragraphs(lines, kinds, i, start, end):
            kind = _TEXT
        if kind is not _TEXT or line == title or (in_links and not prose):
            continue
        if (":" in line or "\uff1a" in line) and is_related_link(line):  # the colon first: no call for most lines
            continue
        if not line.endswith(NO_CREDIT_ENDS) and is_picture_credit(line):  # it ends no sentence, quote or heading
            continue
        if not prose and is_share_bar(line, line.lower(), world=True):
            continue  # "Artikel teilen", "Condividi", "分享": a share bar in words the line kinds do not know yet
        if i != start and (line in header or (lines[i - 1] == line and (len(line) > _SHORT or not prose))):
            continue  # a caption shown twice, a standfirst or headline repeated in the page
        body.append(_DROP_CAP.sub(r"\1\2", line) if line[1:2] == " " else line)  # the cap stands alone
    return body[: tags_start(body)]  # the topic tags under the last paragraph are the platform's


def _cjk_sentence(line: str) -> bool:
    """Tell whether a line that is no running text to is_prose is a short CJK sentence (not a related heading)."""
    return is_cjk_sentence(line) and not is_related_heading(line)


def _sentence_among_paragraphs(lines: list[str], kinds: list[Kind], i: int, start: int, end: int) -> bool:
    """Tell whether a line read as a sign-up box is running text between lines of the article's text.

    A sentence that names cookies, an inbox or a sign-up ("The credentials determine if cookies are sent ...")
    is the article's own when the article's lines stand on both sides of it.
    """
    if kinds[i] is not _SUBSCRIBE or not is_prose(lines[i]):
        return False
    return any(kinds[j] is _TEXT for j in range(max(start, i - 2), i)) and any(
        kinds[j] is _TEXT for j in range(i + 1, min(end, i + 3))
    )


def _date(
    header: list[str], tail: list[str], reference: datetime, body: list[str], lines: list[str]
) -> DateMatch | None:
    return page_date(header, tail, reference=reference, is_date_line=_is_date_line, body=body, context=lines)


def _is_date_line(line: str) -> bool:
    return classify_paragraph_line(line) is _DATE  # a header line of paragraph_lines


def byline_name(line: str, below: str | None = None) -> str | None:
    """The writer a byline line (the line kinds' byline: "By Ana Lima", "Por Laura Gómez | Madrid") names.

    ``below`` is the next line, the name where the byline is only its label ("By" alone). None for no name.
    """
    name = BYLINE.sub("", line).strip(" |-\u2013\u2014,:\uff1a")
    if not name and below is not None:
        name = below
    # The name, without what follows it (" | ", " on ", a date, a place or role in brackets: "Ana Lima
    # (Portvale, envoyée spéciale)") or the role before it ("Door redacteur Ana Lima").
    name = _without_wire(_without_place(_without_role_words(_BYLINE_END.split(name)[0])))
    return name if 2 <= len(name) <= 80 else None


# A news agency named after the writer, as papers carrying its stories print the byline: "By JOSH BOAK Associated
# Press", "Ana Lima, Reuters". The writer is the name; a byline of the agency alone keeps it.
_WIRE = re.compile(
    r"(?:,\s*|\s+)(?:(?i:the)\s+)?(?:Associated Press|Reuters|Agence France-Presse|AFP|Bloomberg(?: News)?|"
    r"Deutsche Presse-Agentur|dpa|EFE|ANSA|Kyodo(?: News)?|Yonhap|Xinhua|PTI|AP)$"
)


def _without_wire(name: str) -> str:
    if name[-1:] not in _WIRE_LAST_LETTERS:
        return name
    found = _WIRE.search(name)
    return name[: found.start()].strip() if found and found.start() > 0 else name


_WIRE_LAST_LETTERS = frozenset("sePgraEAopI")  # the last letters of _WIRE's names: "Press", "Presse", "AFP", ...


def without_byline_label(name: str) -> str:
    """Return a writer's name as a feed or an API gives it, without a byline's label ("By Ann Lee": "Ann Lee")."""
    return (byline_name(name) or name) if BYLINE.match(name) else name


def _author(lines: list[str], kinds: list[Kind], title_at: int | None) -> str | None:
    for i, (line, kind) in enumerate(zip(lines, kinds, strict=True)):
        if kind is _BYLINE:
            name = byline_name(line, lines[i + 1] if i + 1 < len(lines) else None)
            if name is not None:
                return name
    return (
        _dated_byline(lines, kinds)
        or _role_byline(lines)
        or _followed_name(lines)
        or _name_by_date(lines, kinds, title_at)
    )


# A byline sharing its line with the date, which makes the line a date line: "By Lucas Nolan 22 Dec 2016",
# "by Steven Musil January 18, 2017 11:00 PM PST", "Tuesday 15 October 2019 by Bradley M. Kuhn", "By JEFFREY
# GETTLEMAN JAN. 13, 2017", "// By Arun Sai Krishnan • Nov 11, 2020".
_BY_INSIDE = re.compile(r"(?:^|[\s/|•·,])(?:by|von|par|por|di|door|av)\s+(?=\w)", re.IGNORECASE)
# The small words inside a name ("Ana de la Cruz", "Jan van Dijk", Filipino "Juan dela Cruz"): also the saved pages'
# byline names (pagemeta).
NAME_PARTICLES = frozenset(
    {"de", "da", "van", "von", "der", "den", "del", "la", "le", "di", "du", "dos", "bin", "al", "dela", "delos"}
)
_NAME_TOKENS = 8
_NAME_WORDS = (2, 4)  # a name shown alone on its line: two to four words
_NAME_CHARS = 60
_NAME_JOINS = frozenset({"and", "&", "et", "y", "e", "und", "en", "og", "och"})
_NOT_NAMES = frozenset({"updated", "published", "posted", "follow", "staff", "share", "via", "on", "in", "at"})


# A byline too long for the line kinds' byline (a writer's role and outlet after the name, several writers), or one
# that names the piece's kind first: "By Ana Lima, Senior Staff Technologist, ...", "Analysis by Ana Lima, CNN".
_BY_OPENING = re.compile(
    r"^(?:(?:analysis|opinion|commentary|review|interview|essay|column|perspective|reporting|words|text|story)\s+)?"
    r"(?:by|von|par|por|door|av)\s+(?=\w)",
    re.IGNORECASE,
)
# Every character _BY_OPENING can match first: the first letters of its words in either case, and the characters
# re.IGNORECASE matches to them (the long s, the dotted and dotless i): a line opening with another is spared the
# pattern (tests/test_pasted_fastpaths.py checks the set against the pattern over every code point).
_BY_OPENING_FIRSTS = frozenset("abcdeioprstvwABCDEIOPRSTVW\u017f\u0130\u0131")


_BYLINE_END = re.compile(r"\s+(?:[|•·\u2013\u2014-]|on)\s+|,\s*(?=[A-Z][a-z]+ \d)|\s+\(|\s+[\w.+-]+@")


def _without_role_words(name: str) -> str:
    """``name`` without the words in lower case before it ("redacteur", "staff reporter"), if a name follows."""
    words = name.split()
    if not words:
        return ""
    at = 0
    while at < len(words) - 1 and words[at][:1].islower() and words[at] not in NAME_PARTICLES:
        at += 1
    return " ".join(words[at:]) if words[at][:1].isupper() else name.strip()


def date_line_writer(line: str) -> str | None:
    """The writer a date line names after its "By" ("Von Anna Beispiel | 3. Dezember 2026"), or None."""
    return _dated_byline([line], [_DATE])


def _dated_byline(lines: list[str], kinds: list[Kind]) -> str | None:
    """The name of a byline inside a date line, or opening a header line that is not the line kinds' byline."""
    for line, kind in zip(lines, kinds, strict=True):
        if kind is _DATE:
            found = _BY_INSIDE.search(line)
        else:
            found = _BY_OPENING.match(line) if line[:1] in _BY_OPENING_FIRSTS else None
            if found is None and kind is _TEXT and not _SEPARATED_BY_HINTS.isdisjoint(line):
                found = _BY_SEPARATED.search(line)  # "harbour-gazette.example · by Mira Olsen · 3 min"
        if found is not None:
            name = _leading_name(line[found.end() :])
            if name is not None:
                return name
    return None


# A reading app's line of the page's facts, a byline among them after a separator (Instapaper's "site · by Name ·
# 3 min", "Blog | by Name | 5 min read"): not a sentence's "by".
_BY_SEPARATED = re.compile(r"[|\u2022\u00b7/]\s*(?:by|von|par|por|door|av)\s+(?=\w)", re.IGNORECASE)
_SEPARATED_BY_HINTS = frozenset("|\u2022\u00b7/")


def _leading_name(text: str) -> str | None:
    """The capitalised words a byline opens with, up to a date, a handle or a separator; None for no name."""
    taken: list[str] = []
    tokens = text.split()
    for at, token in enumerate(tokens):
        word = token.rstrip(",;")
        bare = word.replace(".", "").replace("-", "").replace("'", "").replace("\u2019", "")
        lower = word.lower()
        if not bare.isalpha() or lower in _NOT_NAMES:
            break
        if lower.rstrip(".") in MONTHS and (at + 1 == len(tokens) or any(c.isdigit() for c in tokens[at + 1])):
            break  # the date's month ("JAN. 13"), not a name that is one ("May Chen")
        if not (word[0].isupper() or lower in NAME_PARTICLES or (lower in _NAME_JOINS and taken)):
            break
        taken.append(word)
        if word != token:
            break  # a comma ends the name: "Daniel Kahn Gillmor, Senior Staff Technologist"
    while taken and taken[-1].lower() in _NAME_JOINS | NAME_PARTICLES:
        taken.pop()
    capitals = sum(1 for word in taken if word[0].isupper())
    return " ".join(taken) if capitals >= _NAME_WORDS[0] and len(taken) <= _NAME_TOKENS else None


# A writer's role after or under the name, with no "By": "Ana Lima Transport correspondent", "Ana Lima" / "Games
# Editor". The role ends with one of these words; in the first shape it starts at the last capitalised word.
_ROLES = frozenset(
    {
        *("correspondent", "editor", "reporter", "writer", "columnist", "critic", "contributor", "journalist"),
        *("analyst", "producer", "redakteur", "redakteurin", "korrespondent", "korrespondentin", "journaliste"),
        *("rédacteur", "rédactrice", "correspondant", "correspondante", "corresponsal", "periodista", "redactor"),
        *("redactora", "redattore", "redattrice", "giornalista", "corrispondente", "jornalista", "repórter"),
    }
)
_ROLE_WORDS = 5


# A Korean byline: the name, then the role ("김철수 기자", "마르타 켈러 특파원").
_KOREAN_ROLE = re.compile(rf"^(?P<name>[\uac00-\ud7a3]{{2,5}}(?: [\uac00-\ud7a3]{{1,5}})?) ?(?:{KOREAN_ROLES})\s*=?$")


def _role_byline(lines: list[str]) -> str | None:
    """The name of a header line that is a writer's name and role, or a name over a line that is a role."""
    # Whether each line ends with a role's word, asked once a line (the loop asks it of a line and of the next).
    roles = list(map(_ends_with_role, lines))
    for i, line in enumerate(lines):
        korean = _KOREAN_ROLE.match(line) if "\uac00" <= line[:1] <= "\ud7a3" else None
        if korean is not None:
            return korean["name"]
        if not roles[i]:
            if i + 1 < len(lines) and roles[i + 1] and _role_shaped(lines[i + 1]) and _person_shaped(line):
                return line
            continue
        name, comma, role = (part.strip() for part in line.partition(","))
        if comma:  # "Ana Lima, Reporter", "Ana Lima, transport correspondent": the comma ends the name
            if _writer_shaped(name) and len(role.split()) <= _ROLE_WORDS:  # no place ("New York, correspondent")
                return name
            continue
        words = line.split()
        if 3 <= len(words) <= _NAME_WORDS[1] + _ROLE_WORDS:
            name = " ".join(words[: _role_start(words)])
            if _person_shaped(name):
                return name
    return None


# Words that open a role written in capitals ("Senior Contributor", "Chief Correspondent").
_ROLE_OPENERS = frozenset(
    {"senior", "chief", "staff", "contributing", "deputy", "executive", "managing", "associate", "special", "foreign"}
)


def _role_start(words: list[str]) -> int:
    """Where the role starts in a name and role ending with a role's word.

    In lower case ("Transport correspondent") the role starts at its one capital; in capitals ("Senior
    Contributor") it is the role's word and the openers before it.
    """
    if words[-1].islower():
        return max((k for k, word in enumerate(words) if word[:1].isupper()), default=0)
    k = len(words) - 1
    while k > 2 and words[k - 1].lower() in _ROLE_OPENERS:
        k -= 1
    return k


def _ends_with_role(line: str) -> bool:
    """Tell whether a line's last word is a role's ("correspondent"), without splitting the line into words."""
    return line[line.rfind(" ") + 1 :].lower() in _ROLES


def _role_shaped(line: str) -> bool:
    """Tell whether a line whose last word is a role's (``_ends_with_role``) is only a writer's role.

    "Games Editor", "Senior reporter", "Chief political correspondent": a few words, the first capitalised.
    """
    words = line.split()
    return len(words) <= _ROLE_WORDS and words[0][:1].isupper()


# A platform's follow button under its writer's name (Medium, LinkedIn, dev.to, a newsletter app): "Jane Okoro" /
# "Follow"; LinkedIn shows the name twice (the picture's text, then the name) and its job over "+ Follow".
_FOLLOW = re.compile(
    r"^\+?\s*(?:follow|folgen|suivre|seguir|segui|volgen|följ|følg|obserwuj|sledovat|takip et|"
    r"подписаться|フォロー(?:する)?|关注|關注|팔로우)$",
    re.IGNORECASE,
)
_FOLLOW_BELOW = 4


def _followed_name(lines: list[str]) -> str | None:
    """The name over a follow button in a copy's header with no byline.

    Right over it, or shown twice a few lines over it (a site's "Login Join" twice is no name).
    """
    for i, line in enumerate(lines[:-1]):
        below = lines[i + 1]
        followed = _FOLLOW.match(below) is not None or (
            below == line and any(_FOLLOW.match(other) for other in lines[i + 2 : i + 2 + _FOLLOW_BELOW])
        )
        if followed and _person_shaped(line):
            return line
    return None


def _name_by_date(lines: list[str], kinds: list[Kind], title_at: int | None) -> str | None:
    """A name alone on its line right over the date line below the headline ("Ana Lima" / "Dec. 4, 2026").

    Of a writer and an outlet on two lines ("Ana Lima" / "Coast Courier" / the date), the first. Or right under the
    headline, with the standfirst between it and the date line (an opinion page: "Headline" / "Ana Lima" /
    "Standfirst" / "Date"). Never under the date line: an infobox's "Founded 1998" / "Founder Netscape
    Communications Corporation".
    """
    if title_at is None:
        return None
    under = title_at + 1
    if under + 2 < len(lines) and kinds[under + 2] is _DATE and standfirst_under_name(lines, title_at):
        return lines[under]
    for i in range(title_at + 2, len(lines)):
        if kinds[i] is not _DATE:
            continue
        top = _share_bar_over(lines, kinds, i, title_at)  # "Ana Lima" / "Share" / "Dec. 4, 2026": the bar aside
        named = [
            at
            for at in (top - 2, top - 1)
            if title_at < at and kinds[at] is _TEXT and _person_shaped(_without_place(lines[at]))
        ]
        if named and named[-1] == top - 1:
            return _without_place(lines[named[0]])
    last = _share_bar_over(lines, kinds, len(lines), title_at) - 1  # the header's last line but a share bar under it
    if (
        last > title_at + 1
        and kinds[last - 1] is _DATE
        and kinds[last] is _TEXT
        and _writer_shaped(lines[last])
        and _page_stamp(lines[last - 1])
    ):
        return lines[last]
    return None


_SHARE_BAR_KINDS = frozenset({Kind.SHARE, Kind.BUTTONS})


def _share_bar_over(lines: list[str], kinds: list[Kind], at: int, floor: int) -> int:
    """Return where a share bar right over line ``at`` starts (``at`` where there is none), not above ``floor``.

    The bar opens with a share line ("Share", "Teilen"); its other lines are share lines, buttons or single words (a
    network's letter: "X").
    """
    top = at
    while top - 1 > floor and (
        kinds[top - 1] in _SHARE_BAR_KINDS or (kinds[top - 1] is _TEXT and word_count(lines[top - 1]) <= _BUTTON_WORDS)
    ):
        top -= 1
    while top < at and kinds[top] is not Kind.SHARE:
        top += 1
    return top


# A byline whose name a separator ends, with the date or the outlet after it: "Laura Gómez | 5 December 2026", "Dan
# Example - Apr 16, 2015 8:02 pm UTC", "Laura Gómez - Reuters", "Ana Lima \u2013 Keldan Courier".
_NAME_SEPARATOR = re.compile(r"\s+[|\-\u2013\u2014\u2022\u00b7]\s+")
# The same as a copy's lines write them, spaced once: asked first, as a line holding none needs no split.
_SEPARATORS = (" | ", " - ", " \u2013 ", " \u2014 ", " \u2022 ", " \u00b7 ")
_OUTLET_WORDS = 4
# The words of a site's sections, which name no one ("Local News | Dec 4, 2026", "Middle East - Reuters"): a name
# with one of them (in any case) is no writer's.
_SECTION_WORDS = frozenset(
    str.split(
        """
    news world local national international politics business sport sports opinion opinions culture science tech
    technology health economy markets money finance entertainment travel lifestyle life style weather video videos
    live breaking latest top stories home arts books music film movies food education environment climate media
    analysis features editorial regional metro middle east west north south real estate region
    nachrichten politik wirtschaft kultur meinung welt inland ausland lokales panorama wissen gesellschaft
    actualités actualité politique économie monde société régions noticias política economía deportes mundo opinión
    cultura sociedad internacional nacional notizie politica economia esteri cronaca nieuws binnenland buitenland
    economie notícias economia esportes opinião
    """
    )
)


def _separated_byline(lines: list[str], kinds: list[Kind], title_at: int | None, end: int) -> str | None:
    """The writer of a header line under the headline that is a name, a separator, then a date or an outlet.

    The date or a reading time must follow the separator at once ("Laura Gómez | 5 December 2026", "Ann Lee · 5 min
    read · Dec 7, 2026"); an outlet (one to four words in capitals or title case: "Reuters", "Keldan Courier") only
    right under the headline or next to a date line. The name is a writer's (``_writer_shaped``: no place, no
    section's word: "Local News", "Real Estate"), and none of its words stands in lower case in the copy ("Health
    Care | ..." over "... health care ..."): a name left unread is better than a section taken for one.
    """
    if title_at is None:
        return None
    for i in range(title_at + 1, min(end, len(lines))):
        line = lines[i]
        kind = kinds[i]
        if (kind is not _DATE and kind is not _TEXT) or len(line) > _TITLE_CHARS:
            continue
        if not contains_any(line[: _NAME_CHARS + 3], _SEPARATORS):
            continue
        parts = _NAME_SEPARATOR.split(line, maxsplit=1)
        if len(parts) != 2 or not _writer_shaped(parts[0]):  # the cheaper tests first: most lines are no name
            continue
        name, rest = parts
        if READING.match(_NAME_SEPARATOR.split(rest, maxsplit=1)[0]):
            pass  # the writer, then the reading time: "Ann Lee · 5 min read · Dec 7, 2026" (Medium)
        elif kind is _DATE:
            found = search_dates(rest, reference=_ANY_DAY)
            if not found or found[0].start != 0:
                continue
        elif not _outlet_shaped(rest) or not _by_date_or_headline(kinds, i, title_at):
            continue
        if not _written_in_lower_case(name, lines):
            return name
    return None


def _name_over_share_bar(lines: list[str], kinds: list[Kind], title_at: int | None, end: int) -> str | None:
    """A writer's name alone right under the headline, over a share bar over the story (no date line in between).

    "Headline" / "Ann Example" / "Share" / the story: the name as ``_separated_byline`` takes one (a writer's shape,
    none of its words in lower case in the copy: "Keldan Harbour" over "the harbour board" is no one). So is a name
    over the reading time ("Headline" / "Ann Example" / "5\u20137 minutes", a browser's reader view copied).
    """
    if title_at is None or end > len(lines):
        return None
    name = title_at + 1
    if name + 2 < end and _SITE_HOST.fullmatch(lines[name]):
        name += 1  # a reading app's "Headline" / "site.example" / "Ann Example" / "3 min read" (Pocket's)
    if name + 1 >= end or kinds[name] is not _TEXT:
        return None
    if kinds[name + 1] is not Kind.READING_TIME and (
        kinds[name + 1] is not Kind.SHARE or _share_bar_over(lines, kinds, end, name) != name + 1
    ):
        return None  # the bar opens right under the name (asked first: the walk up the bar counts its lines' words)
    line = lines[name]
    return line if _writer_shaped(line) and not _written_in_lower_case(line, lines) else None


_HOST = r"(?:www\.)?(?:[\w-]+\.)+[^\W\d_]{2,24}"
_SITE_HOST = re.compile(_HOST)  # a site's bare host name on its own line
_HOST_FIRST = re.compile(rf"{_HOST}(?:$|\s+[|\u2022\u00b7]\s)")  # or opening a line of facts


def _host_first(line: str) -> bool:
    """Tell whether a line is a site's host alone, or the host opening a line of facts ("site.example · by ...")."""
    return "." in line[:64] and _HOST_FIRST.match(line) is not None


def _by_date_or_headline(kinds: list[Kind], i: int, title_at: int) -> bool:
    """Tell whether header line ``i`` is right under the headline or right over or under a date line."""
    return i == title_at + 1 or kinds[i - 1] is _DATE or (i + 1 < len(kinds) and kinds[i + 1] is _DATE)


def _outlet_shaped(text: str) -> bool:
    """Tell whether ``text`` is an outlet's or agency's name: one to four words, each capitalised, no picture credit."""
    words = text.split()
    return (
        0 < len(words) <= _OUTLET_WORDS
        and all(word[:1].isupper() and word.replace(".", "").replace("-", "").isalpha() for word in words)
        and not _PICTURE_CREDIT.search(text)
    )


def _written_in_lower_case(name: str, lines: list[str]) -> bool:
    """Tell whether one of a name's words stands in lower case in ``lines`` ("Health Care" over "health care")."""
    text = "\n".join(lines)  # searched by str.find: a pattern over the whole copy costs ~10 instructions a character
    for word in name.lower().split():
        if word in NAME_PARTICLES:
            continue
        at = text.find(word)
        while at >= 0:
            end = at + len(word)
            if (at == 0 or not text[at - 1].isalnum()) and (end == len(text) or not text[end].isalnum()):
                return True
            at = text.find(word, end)
    return False


# A name under the date line is a writer's only under the page's own date: a date, a time, a place or outlet set off
# by a separator ("Madrid - 05 dic 2026 - 10:45 CET"), a stamp's or a weekday's word or an article before it ("Le 5
# décembre 2026", "Am 5. Dezember"). A label before a date makes the line an infobox's row ("Founded March 3, 2024"),
# and the name-shaped line under it another row.
_STAMP_LEAD = re.compile(
    rf"^\s*(?:(?:{WEEKDAY_PATTERN})\.?,?\s*)?(?:(?:le|el|am|on|il|em|den|op)\s+)?$|[-\u2013\u2014|\u00b7\u2022,/:]\s*$",
    re.IGNORECASE,
)
_ANY_DAY = datetime(2199, 12, 31, tzinfo=UTC)  # the line is asked where its date starts, not which date it is
# The words a place's name opens with ("San Sebastián", "Nueva York", "Le Havre"), which open no one's name. (A place
# with a small word that is no name's particle, "Frankfurt am Main", is no name to _person_shaped already.)
_PLACE_OPENERS = frozenset(
    {
        *("san", "santa", "santo", "são", "saint", "st.", "st", "ste", "sankt", "new", "nueva", "nuevo", "nova"),
        *("novo", "los", "las", "el", "la", "le", "les", "port", "puerto", "porto", "fort", "mount", "bad", "ciudad"),
        *("cape", "rio", "río", "lake", "north", "south", "east", "west", "greater", "upper", "lower", "costa"),
    }
)


def _writer_shaped(line: str) -> bool:
    """Tell whether a line under the date line is a writer's name: name-shaped, and no place's name.

    Not in capitals (a dateline: "SANTIAGO DE CHILE"), not opening as places do ("San ...", "New ...", "Los ..."),
    and neither one of the cities the time zones name ("Buenos Aires", "Hong Kong") nor opening with one ("Santiago
    de Compostela"). A writer whose first name is a city's ("Sydney Smith") is left unread, as before: no writer is
    better than a place taken for one. Nor a section's name ("World News", "Real Estate": ``_SECTION_WORDS``).
    """
    if not _person_shaped(line) or line.isupper():
        return False
    words = line.lower().split()
    cities = zone_cities()
    return (
        words[0] not in _PLACE_OPENERS
        and words[0] not in cities
        and line.lower() not in cities
        and not any(word in _SECTION_WORDS for word in words)
    )


def _without_place(name: str) -> str:
    """A byline's name without the place it was written in: "Anna Schmidt, Berlin", "Jan Kowalski (Warsaw)".

    Only a place the time zones name: "Ana Lima, Reporter" is :func:`_role_byline`'s, and a name with a comma that
    names no city is left whole.
    """
    if name.endswith(")"):
        head, bracket, place = name[:-1].rpartition("(")
    else:
        head, bracket, place = name.rpartition(",")
    if bracket and head.strip() and place.strip().lower() in zone_cities():
        return head.strip()
    return name


def _page_stamp(line: str) -> bool:
    """Tell whether a date line is the page's own date, not a label's ("Founded March 3, 2024").

    Before its first date, nothing but a stamp's words, a weekday, or something set off by a separator.
    """
    found = search_dates(line, reference=_ANY_DAY)
    if not found:
        return False
    before = line[: found[0].start]
    return names_a_stamp(before) or _STAMP_LEAD.search(before) is not None


def _person_shaped(line: str) -> bool:
    """A whole line that is a byline's name of at most four words ("Jane Okoro", "Ana de la Cruz").

    Not a label that a name follows on the next line ("NEWS PROVIDED BY" over a press release's issuer).
    """
    return (
        len(line) <= _NAME_CHARS
        and len(line.split()) <= _NAME_WORDS[1]
        and _leading_name(line) == line
        and line.rsplit(" ", 1)[-1].lower() not in _LABEL_ENDS
    )


_LABEL_ENDS = frozenset(("by", "von", "par", "por", "da", "di", "door", "av", "af", "przez"))
