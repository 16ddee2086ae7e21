"""Saved web pages: the main text by trafilatura, headline and date from the page's own metadata."""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Sequence
from datetime import datetime

import trafilatura
import trafilatura.utils
from lxml import etree
from lxml.html import HtmlElement, HTMLParser
from trafilatura.settings import Extractor

from bot.errors import ParseError
from bot.ingest.formats.gaps import restore_gaps
from bot.ingest.formats.jsonfmt import text_paragraphs
from bot.ingest.formats.meta import clean_inline
from bot.ingest.formats.pageindex import page_index_signs
from bot.ingest.formats.pagemeta import PageMeta, norm_title, page_metadata
from bot.ingest.formats.pagestate import state_scripts, state_story
from bot.models import Article
from bot.text.clean import without_related_lists
from bot.text.linepatterns import ADVERT, COPYRIGHT
from bot.text.tail import bio_start, comment_rules_start, tags_start
from bot.text.walls import paywall_start

log = logging.getLogger(__name__)

# Below this many characters the precise pass may have kept only the lead of the article, so the default pass is
# tried. Chosen on the tune sites of extraction-dev + pages-train (bench/quality_html_sites.py): 500 / 2 gave
# body F1 0.949 / 0.929 (tune / check), 1000 / 4 gives 0.954 / 0.941 (one review kept its first 600 characters).
_SHORT_BODY = 1000
# The default pass replaces a short precise result only when it finds this many times more text.
_FALLBACK_RATIO = 4
# A precise result under this many characters is a sentence or two: any longer default result wins.
_TINY_BODY = 200
# Lines that sell, recirculate or ask for engagement rather than report; only short lines are judged.
_PROMO = re.compile(
    r"^(related|read more|more from|recommended|also read|see also|most read|watch|listen)\b\s*:"
    r"|^(sign up|subscribe)\b|^get\b.{0,80}\b(delivered|newsletter|inbox)\b|newsletter\s*$"
    r"|^(follow|like|find) (us|\w+) on\b|^(facebook|twitter|instagram|youtube|linkedin|whatsapp|email)(\W+\w+)?\W*$"
    r"|^(tell us what you think|leave a comment|share this|share on)\b|^\d*\s*comments?$"
    r"|^(you (may|might) (also )?(like|enjoy))\b|^(filed under|tags?|topics)\s*:|\bshare (it|this)\b.{0,20}\bwith\b"
    r"|\b(requires?|enable|needs?)\b.{0,40}\bjavascript\b|\bjavascript\b.{0,30}\b(disabled|required|enabled)\b",
    re.IGNORECASE,
)
# An e-mail address, an @handle or a web link: in a short last line, how to reach the writer or follow the site.
_CONTACT = re.compile(r"[\w.+-]+@[\w-]+\.\w|(?<![\w@])@\w{2,}|https?://")
_CONTACT_LINE = 200
# The headline is looked for among this many first lines; what the extractor kept above it (a kicker, a
# sidebar teaser, a box title) goes with it.
_HEAD_LINES = 4
# Where a metadata title's site or section affix starts.
_TITLE_SEPARATOR = re.compile(r"\s[|\-\u2013\u2014:@\u00bb]\s|\s::\s|_|[:\uff08\[](?=\S)|\s\[")
_TITLE_SHARE = 0.4
_TEXT_NODES = etree.XPath("//body//text()", smart_strings=False)
_WORD = re.compile(r"\w+")
# A line that ends as a sentence does (Latin or CJK full stop, closing quote or bracket).
_SENTENCE_END = re.compile(r"[.!?\"\u201d\u2019)\u2026\u3002\uff01\uff1f\u300d\u300f]\s*$")
# WordPress-style shortcodes left as text: "[button link=... ]", "[/caption]"; "[our]" in a quote is kept.
_SHORTCODE = re.compile(r"\[[a-z_]+\s[^\]]*=[^\]]*\]|\[/[a-z_]+\]")
# An image inlined as text ("data:image/jpeg;base64,..."), as SingleFile and "Save as single page" write every
# picture: no text, most of a 20 MB page, and past the page parser's 10 MB, which silently drops the rest.
_INLINE_DATA = re.compile(r"data:[\w.+-]+/[\w.+-]+(?:;[\w.+-]+=[\w.+\"-]+)*;base64,[A-Za-z0-9+/=]{256,}")
_INLINE_DATA_BYTES = re.compile(_INLINE_DATA.pattern.encode())
# The address a browser or a saving tool notes in a comment at the page's top: "<!-- saved from url=(0063)https://...
# -->" (Chrome, Firefox, Edge, Internet Explorer), "Page saved with SingleFile \n url: https://...". The page
# parser drops comments, so they are read from the text.
_SAVED_FROM = re.compile(
    r"<!--\s*(?:saved from url=\(\d+\)|Page saved with SingleFile\s+url:\s*)(https?://[^\s<>\"']+)", re.IGNORECASE
)
_SAVED_FROM_HEAD = 8192
# A live blog's updates as data replace the page's text when they hold this share of it.
_LIVE_SHARE = 0.8
# Built once: building the options reads trafilatura's configuration, about 0.4 ms a call. extract() does not
# change them (its recall retry works on a copy).
_PRECISE_FAST = Extractor(precision=True, fast=True, comments=False)
_PRECISE = Extractor(precision=True, comments=False)
_DEFAULT = Extractor(comments=False)
_DEFAULT_FAST = Extractor(fast=True, comments=False)
_CASCADE_BLOCKS = 1500


def _blocks_over(tree: HtmlElement, limit: int) -> bool:
    """Tell whether a page holds more than ``limit`` text blocks (paragraphs, cells, list items); counts no further."""
    return any(True for _ in itertools.islice(tree.iter(*_CASCADE_TAGS), limit, None))


_CASCADE_TAGS = ("p", "td", "th", "li", "dd", "pre", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6")
# Elements trafilatura deletes whole in its cleaning step (not <form>, which it keeps when it holds the page, nor
# <figure>, which it keeps when it holds a table).
_NOT_TEXT = (
    "script", "style", "noscript", "svg", "iframe", "link", "meta", "aside", "footer", "embed", "object", "canvas",
    "video", "audio", "map", "picture", "applet", "select", "textarea", "button", "input",
    "math",  # a formula: the extractor drops it, and its MathML (with the TeX source) is no prose
)  # fmt: skip
# A sign-up card inside the story (Ghost's "kg-signup-card", themes' "signup-box", "sign-up-form"), its heading
# ("Recibe cada semana las noticias del puerto") no line of the story: a box so named that holds a form or an
# input field and little text. Not the story's own box (a class naming a sign-up, no form).
_SIGNUP_BOXES = etree.XPath(
    "//body//*[self::div or self::section or self::aside or self::form]"
    "[contains(translate(@class, 'SIGNUP', 'signup'), 'signup') or contains(translate(@class, 'SIGNUP', 'signup'),"
    " 'sign-up')][self::form or .//form or .//input][not(.//article or .//main)]"
    "[string-length(normalize-space()) < 600]"
)
# libxml2 nests elements at most 256 deep and drops what lies deeper: an old page whose every paragraph opens a
# <font> it never closes lost all but its first 127 paragraphs, and a page of 300 nested <div>s its whole story.
# The extractor's parser (trafilatura.utils.HTML_PARSER, its one parser, looked up at each parse; this reader and
# trafilatura's passes both parse through it) is asked for libxml2's "huge" mode, which nests 2,048 deep. Its other
# effect, text nodes over 10 MB, cannot happen: a drop file or a fetched page is capped far below that.
trafilatura.utils.HTML_PARSER = HTMLParser(
    huge_tree=True, collect_ids=False, default_doctype=False, encoding="utf-8", remove_comments=True, remove_pis=True
)
_INLINE = frozenset(("a", "em", "strong", "b", "i", "u", "span", "sup", "sub", "small", "abbr", "cite", "q", "time"))
_TEXT_TAGS = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre")
_BLOCK_TAGS = (*_TEXT_TAGS, "td", "th", "div")


def parse_html(
    data: bytes | str, *, name: str, base_url: str | None = None, reference: datetime | None = None
) -> Article:
    """Parse a saved web page into an article.

    ``reference`` (the injected clock, or the file's modification time) is the latest publication date believed;
    without it the system clock bounds the page's dates.

    Raises:
        ParseError: if the page has no readable text, or is a page of story links (a home or section page).
    """
    address = saved_from(data)
    data = _INLINE_DATA.sub("data:,", data) if isinstance(data, str) else _INLINE_DATA_BYTES.sub(b"data:,", data)
    tree = trafilatura.load_html(data)
    if tree is None:
        # A bare fragment ("<p>...</p>" saved as .html) is refused by the loader unless wrapped in a page.
        text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
        tree = trafilatura.load_html(f"<html><body><div>{text}</div><div></div></body></html>")
    if tree is None:
        raise ParseError("not an HTML page with a body")
    meta = page_metadata(tree, base_url=base_url, reference=reference, address=address)
    if not meta.is_article and meta.og_type in ("", "website"):  # not an article, a video, a product...
        signs = page_index_signs(tree, meta.url)
        if signs.is_index:
            raise ParseError(signs.note())  # a home, section or search page: its teasers are no one story
    title = shown_title(tree, meta.title) if meta.title else meta.title
    scripts = state_scripts(tree)  # kept before article_paragraphs strips them from the page
    paragraphs = article_paragraphs(tree, title, description=meta.description) or metadata_paragraphs(meta, scripts)
    paragraphs = live_paragraphs(meta, paragraphs)
    if not paragraphs:
        raise ParseError("no article text found in the page")
    if title and len(paragraphs) > 1 and _longer_headline(paragraphs[0], title):
        title = paragraphs.pop(0)  # the page shows its headline whole, its <title> a shortened one
    author = meta.author
    while len(paragraphs) > 1 and len(paragraphs[0]) <= _HEADER_LINE_CHARS:
        # The header's lines the extractor kept over the story: "Friday, December 4, 2026", "Publicado el 3 dic
        # 2026 - 18:40 CET | Actualizado el ...", the page's date, read from it already; "Lesezeit: 4 Min."; "Por
        # Laura Gómez", the writer, whom the page's markup may not name. A line naming someone else than the
        # markup's writer ("Posted by Ann Example, Engineer" under the blog's own name) is kept: the author lacks it.
        header, writer = _header_line(paragraphs[0])
        if not header or (writer is not None and author is not None and writer.casefold() not in author.casefold()):
            break
        author = author or writer
        paragraphs.pop(0)
    if not title:
        first = paragraphs[0]
        if len(paragraphs) > 1 and len(first) <= 150 and not first.endswith((".", "!", "?")):
            title = paragraphs.pop(0)  # a short first line without a full stop reads as the page's heading
        else:
            title = first if len(first) <= 200 else first[:197].rstrip() + "..."
    return Article(
        title=title,
        body=tuple(paragraphs),
        published=meta.published,
        author=author,
        url=meta.url,
        source=meta.site_name or name,
        summary=meta.description,
        image=meta.image,
        language=meta.language,
    )


def _longer_headline(line: str, title: str) -> bool:
    """Tell whether the body's first line is the page's headline, which its metadata title shortens.

    "Ferry fares to rise by 8% in January" over the story, where the <title> gave "Ferry fares to rise - Harbour
    Weekly": the line opens with the whole title, is at most three times as long, and ends no sentence.
    """
    head = norm_title(title)
    return (
        len(head.split()) >= _LONGER_MIN_WORDS
        and len(line) <= _LONGER_SHARE * len(title)
        and norm_title(line).startswith(head + " ")
        and not _SENTENCE_END.search(line)
    )


def _header_line(line: str) -> tuple[bool, str | None]:
    """Tell whether a line over the story is the header's date, byline or reading time, and the writer it names."""
    from bot.text.linekinds import Kind, classify_paragraph_line  # here: the line kinds load on first use
    from bot.text.pasted import byline_name, date_line_writer

    kind = classify_paragraph_line(line)
    if kind is Kind.BYLINE:
        name = byline_name(line)
        return name is not None, name
    if kind is Kind.DATE:
        return True, date_line_writer(line)  # "Von Anna Beispiel | 3. Dezember 2026"
    return kind is Kind.READING_TIME, None


# A header line is short: a longer line of the line kinds' date or byline kind is a sentence that names a day.
_HEADER_LINE_CHARS = 100
_LONGER_MIN_WORDS = 3
_LONGER_SHARE = 3


def saved_from(data: bytes | str) -> str | None:
    """Return the page's own address as the browser or tool that saved it noted it in its first lines, if any."""
    head = data[:_SAVED_FROM_HEAD]
    found = _SAVED_FROM.search(head.decode("utf-8", "replace") if isinstance(head, bytes) else head)
    return found.group(1) if found else None


def live_paragraphs(meta: PageMeta, paragraphs: list[str]) -> list[str]:
    """Return a live blog's updates, newest first, over the page's text when they hold as much of it.

    Extractors read a page of many dated updates (one ``<article>`` each) out of order, and a digest wants the
    newest first; the updates the page lists as data are in order. Sites that list only the last few there keep
    the page's text.
    """
    live = text_paragraphs(meta.live_body) if meta.live_body else []
    if live and sum(map(len, live)) >= _LIVE_SHARE * sum(map(len, paragraphs)):
        return live
    return paragraphs


def metadata_paragraphs(meta: PageMeta, scripts: Sequence[HtmlElement] = ()) -> list[str]:
    """Return the story's text from what the page says about itself, for a page that shows none.

    A page saved as its HTML alone from a site that draws its articles with JavaScript holds an empty frame: the
    text is in its JSON-LD articleBody, else in the framework's state (among ``scripts``, the page's), or, of a
    page that calls itself an article, only its description.
    """
    if meta.article_body:
        paragraphs = text_paragraphs(meta.article_body)  # read as a JSON file's text field is
        if paragraphs:
            return paragraphs
    paragraphs = state_story(scripts)
    if paragraphs:
        return paragraphs
    if meta.is_article and meta.description:
        return [meta.description]
    return []


def shown_title(tree: HtmlElement, title: str) -> str:
    """Return the leading part of a metadata title that the page shows as a line of its own, else the title.

    Titles often carry the site's or section's name after a separator ("Headline_Section_Site", "Headline:
    Site's diary", "Headline @ Blog"); when the page shows the title itself, or no leading part of it, the
    title stays as it is. A part must keep 40 % of the title's letters (a kicker before a colon does not).
    """
    cuts = [m.start() for m in _TITLE_SEPARATOR.finditer(title)]
    if not cuts:
        return title
    shown = {norm_title(t) for t in _TEXT_NODES(tree) if 0 < len(t) <= len(title) + 10}
    if norm_title(title) in shown:
        return title
    letters = sum(c.isalnum() for c in title)
    for cut in reversed(cuts):
        head = title[:cut].strip()
        if sum(c.isalnum() for c in head) >= _TITLE_SHARE * letters and norm_title(head) in shown:
            return head
    return title


def article_paragraphs(tree: HtmlElement, title: str | None, *, description: str | None = None) -> list[str]:
    """Return the body paragraphs of a parsed page: main text without the headline and promotional lines.

    ``description`` is the page's own summary (og:description); shown as a first line without a full stop it
    is a standfirst, not the story. The tree is changed in place (embed markup, scripts); read metadata first.
    """
    _free_embedded_posts(tree)
    # Elements the extractor discards anyway, removed up front (tails kept) so that its many tree walks are
    # shorter: the same text on every page measured, in all three modes used below, and 15 % faster.
    for box in _SIGNUP_BOXES(tree):
        box.drop_tree()  # a sign-up box in the story's middle: trafilatura drops "newsletter" boxes, not these
    etree.strip_elements(tree, *_NOT_TEXT, with_tail=False)
    _unwrap_layout_tables(tree)
    _wrap_leading_text(tree)
    paragraphs = restore_gaps(tree, extract_paragraphs(tree))
    if title:
        # The extractor often keeps the headline (and sometimes a kicker or teaser above it) as the first lines.
        for index, paragraph in enumerate(paragraphs[:_HEAD_LINES]):
            if norm_title(paragraph) == norm_title(title):
                paragraphs = paragraphs[index + 1 :]
                break
    kept = [p for p in (_SHORTCODE.sub("", p).strip() for p in paragraphs) if p and not _is_promo(p)]
    # The same closing furniture as in pasted copies: other stories under a heading, a comment box's rules.
    kept = without_related_lists(kept)
    kept = kept[: comment_rules_start(kept, 0, len(kept))]
    kept = kept[: tags_start(kept)]  # the topic tags under the last paragraph
    kept = kept[: bio_start(kept, 0, len(kept), None)]  # a press release's "###" and its issuer, a writer's bio
    kept = kept[: paywall_start(kept)]  # a paywall's notice ends the teaser: what follows it is the wall's
    if len(kept) > 1 and description and _words(kept[0]) == _words(description) and not _SENTENCE_END.search(kept[0]):
        kept.pop(0)
    # The last lines often tell how to reach the writer or follow the site: an address, a handle or a link; or
    # they are the site's copyright line (a print view's footer). A line opening with a dash signs a quoted post
    # ("— Name (@handle) date"): the post ends the article. One opening with "|" is a table's row: its address is
    # data in a cell, not a note to the reader.
    for _ in range(3):
        last = kept[-1] if len(kept) > 1 else ""
        if len(last) < _CONTACT_LINE and (
            (_CONTACT.search(last) and not last.startswith(("\u2014", "\u2013", "-", "|"))) or COPYRIGHT.search(last)
        ):
            kept.pop()
    return kept


def _free_embedded_posts(tree: HtmlElement) -> None:
    """Strip the embed markup from quoted social posts so the extractor keeps them as quotes.

    Articles quote posts through the platforms' embed code (``<blockquote class="twitter-tweet">`` in a
    "social-embed" wrapper); extractors drop those wrappers as sharing widgets, yet the post is part of the story.
    """
    for quote in tree.xpath("//blockquote[contains(@class, 'tweet')]"):
        text = clean_inline(quote.text_content())
        if not text:
            continue
        for node in [quote, *list(quote.iterancestors())[:3]]:
            if node.tag in ("body", "article", "main") or clean_inline(node.text_content()) != text:
                break
            for attribute in ("class", "id"):
                node.attrib.pop(attribute, None)


def _unwrap_layout_tables(tree: HtmlElement) -> None:
    """Make a table that lays the page out (a cell holding the story's running text) boxes, not rows and cells.

    Older sites set the whole page in a table, the story in one cell as text between ``<br>`` pairs: the extractor
    read it as a data table, one row of "| Home | News |" and the headline, date, story and "Back" run together in
    one cell. A leaf cell of at least 60 words and two sentences, in a table with no header cell or caption, is no
    datum. Its table's own rows and cells become boxes; a table inside it keeps its own.
    """
    for table in tree.xpath("//table[.//td]"):
        if table.find(".//th") is not None or table.find(".//caption") is not None:
            continue  # a header or a caption: a data table, its long cells described data ("Group/Cohort")
        if table.xpath(_OWN_CELLS) > _LAYOUT_CELLS:
            continue  # a layout is a few boxes; hundreds of cells are data (and 50,000 made the extractor slow)
        # A leaf cell; not code (a highlighter's table of line numbers and a <pre>, whose comments end in stops).
        cells = (cell for cell in table.iter("td") if not cell.xpath(".//table|.//pre|.//code"))
        if not any(_running_text(" ".join(cell.itertext())) for cell in cells):  # "spring.<br>Engineers": apart
            continue
        for part in table.iter(*_TABLE_PARTS):
            if next(part.iterancestors("table"), None) is table:
                part.tag = "div"
        table.tag = "div"


_TABLE_PARTS = ("thead", "tbody", "tfoot", "tr", "td", "th", "caption")
_OWN_CELLS = "count(./tr/td | ./*/tr/td)"  # its own cells (its body's, head's or foot's rows), no nested table's
_LAYOUT_CELLS = 100
_LAYOUT_WORDS = 60
_LAYOUT_SENTENCES = 2


def _running_text(text: str) -> bool:
    return len(text.split()) >= _LAYOUT_WORDS and len(_SENTENCE_STOP.findall(text)) >= _LAYOUT_SENTENCES


_SENTENCE_STOP = re.compile(r"[.!?\u3002\uff01\uff1f][\"'\u201d\u2019)]*(?:\s|$)")


def _wrap_leading_text(tree: HtmlElement) -> None:
    """Wrap a box's opening run of bare text (up to the first line break) in a paragraph.

    Pages that write paragraphs as text between ``<br>`` pairs lose the first one: extractors read a box's
    own opening text as a label, not a paragraph.
    """
    for box in tree.xpath("//body//div[br][string-length(normalize-space(text())) >= 40]"):
        run: list[HtmlElement] = []
        for child in box:
            if child.tag == "br" or not isinstance(child.tag, str) or child.tag not in _INLINE:
                break
            run.append(child)
        else:
            continue  # no line break after the text: not a run of paragraphs
        if child.tag != "br":
            continue  # a block follows the text: a label or heading, left alone
        paragraph = etree.SubElement(box, "p")
        box.insert(0, paragraph)
        paragraph.text, box.text = box.text, None
        for child in run:
            paragraph.append(child)  # moves it, with its tail


def _words(text: str) -> str:
    return "".join(_WORD.findall(text.casefold()))


def _is_promo(paragraph: str) -> bool:
    # An ad slot's label in any language the line kinds know ("Advertisement", "Anzeige", "Pubblicità", "広告").
    return len(paragraph) < 160 and bool(_PROMO.search(paragraph) or ADVERT.match(paragraph))


def extract_text(data: HtmlElement | bytes | str) -> str:
    """Return the main text of a page (tree, bytes or str), paragraphs on separate lines."""
    # Precision mode without the readability/justext comparison: half the time of the full cascade, and the
    # same text on every page where it keeps a real article; when it keeps little, the full cascade runs.
    text: str = trafilatura.extract(data, options=_PRECISE_FAST) or ""
    if len(text) >= _SHORT_BODY:
        return text
    # The full cascade compares with jusText, whose neighbour search is quadratic in a page's short blocks: 8,000
    # table cells took 14 s, 60,000 minutes. A page of that many blocks is read by the fast passes alone.
    many = isinstance(data, HtmlElement) and _blocks_over(data, _CASCADE_BLOCKS)
    if not many:
        full: str = trafilatura.extract(data, options=_PRECISE) or ""
        if len(full) > len(text):
            text = full
    if len(text) < _SHORT_BODY:
        # Precision sometimes discards a whole short article; the default pass keeps more, but on a page that
        # is really short it adds menus and teasers, so it wins only when it finds far more text.
        fallback: str = trafilatura.extract(data, options=_DEFAULT_FAST if many else _DEFAULT) or ""
        if len(fallback) > (_FALLBACK_RATIO * len(text) if len(text) >= _TINY_BODY else len(text)):
            text = fallback
    return text


def extract_paragraphs(tree: HtmlElement) -> list[str]:
    """Return the main text of a parsed page as paragraphs."""
    text = extract_text(tree)
    if not text.strip():
        # trafilatura gives up on pages with little markup (a bare fragment): take every text block.
        return html_blocks(tree)
    lines = [clean_inline(line) for line in text.splitlines() if clean_inline(line)]
    # The extractor writes a table's header row twice (as header, then again as the first row): keep one.
    return [
        line
        for i, line in enumerate(lines)
        if not (line.startswith("|") and i >= 2 and lines[i - 2] == line and not lines[i - 1].strip("|-: "))
    ]


def break_lines(tree: HtmlElement) -> None:
    """Make each ``<br>`` a line break in the tree's text: "sails<br>again" is not "sailsagain".

    The tree's text (``text_content``) leaves a ``<br>`` out; a break already made stays one.
    """
    for br in tree.iter("br"):
        if not (br.tail or "").startswith("\n"):
            br.tail = "\n" + (br.tail or "")


def html_blocks(tree: HtmlElement) -> list[str]:
    """Return the text of every block element that holds text itself (paragraphs, headings, leaf cells).

    Used for newsletters, whose layout tables make article extractors read the letter as one table.
    """
    break_lines(tree)
    blocks: list[str] = []
    for node in tree.iter(*_BLOCK_TAGS):
        if node.tag in ("td", "th", "div") and any(
            child.tag in _BLOCK_TAGS for child in node.iterdescendants() if isinstance(child.tag, str)
        ):
            continue
        if any(a.tag in _TEXT_TAGS for a in node.iterancestors()):
            continue
        text = clean_inline(node.text_content())
        if text:
            blocks.append(text)
    return blocks
