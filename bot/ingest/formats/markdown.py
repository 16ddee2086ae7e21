"""Markdown files: optional front matter, the first heading as the title, syntax stripped to plain paragraphs."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.errors import ParseError
from bot.ingest.formats.meta import clean_inline, find_text_date, parse_meta_date
from bot.ingest.formats.titles import strip_site_affix
from bot.ingest.images import markdown_image
from bot.models import Article, ArticleImage
from bot.text.asciiwords import collapse_blanks
from bot.text.clean import word_count
from bot.text.indexpage import IndexSigns, Piece, index_signs, link_host, story_link
from bot.text.linepatterns import HASHTAGS, TAGS, contains_any
from bot.text.pasted import read_body

_FRONT = re.compile(r"\A(?:---|\+\+\+)[ \t]*\n(.*?)\n(?:---|\+\+\+|\.\.\.)[ \t]*(?:\n|\Z)", re.DOTALL)
_UNCLOSED = re.compile(r"\A(?:---|\+\+\+)[ \t]*\n((?:[^\n]*\S[^\n]*\n)+?)[ \t]*(?:\n|\Z)")
_YAML_FIELD = re.compile(r"([A-Za-z_][\w-]*)\s*:(?:\s|$)")
_TOML_FIELD = re.compile(r"([A-Za-z_][\w-]*)\s*=")
_LOGSEQ_FIELD = re.compile(r"([A-Za-z_][\w-]*)::(?:\s|$)")
_LOGSEQ_MARK = re.compile(r"^([A-Za-z_][\w-]*)::", re.MULTILINE)
_ATX = re.compile(r"^\s{0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_SETEXT = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
# A footnote's text ("[^1]: Figure from the port authority."), to the next blank line: a note, not the story.
_FOOTNOTE = re.compile(r"^\s{0,3}\[\^[^\[\]\s]{1,40}\]:")
# "By Ann Lee", also after the date on one line ("17 October 2025 — by Ann Lee", "17 Oct 2025 | By Ann Lee"). A
# name is capitalised words ("by the harbour desk" names no one).
_BYLINE = re.compile(r"(?:^|[\u2014\u2013|\u00b7\u2022-]\s*)(?:by|By|BY)\s+([A-Z][\w.'-]*(?:\s+[A-Z][\w.'-]*){0,3})")
_BULLET = re.compile(r"^\s{0,3}(?:[-*+]|\d+[.)])\s+")


def _only_fields(block: str, field: re.Pattern[str]) -> bool:
    """Tell whether every line of ``block`` is a field and one of them is the title or the date."""
    found = [field.match(line) for line in block.splitlines()]
    return all(found) and bool({"title", "date"} & {_key(m.group(1)) for m in found if m})


# Front matter keys as localised note templates write them (German, French, Spanish, Portuguese, Italian, Dutch).
_KEY_ALIASES = {
    **dict.fromkeys(("titel", "titre", "título", "titulo", "titolo"), "title"),
    **dict.fromkeys(("datum", "fecha", "data", "date de publication"), "date"),
    **dict.fromkeys(("autor", "auteur", "autore", "auteurs", "autores"), "author"),
}


def _key(key: str) -> str:
    """A field's key as the reader asks for it: lower case, and the English key for another language's."""
    key = key.strip().lower()
    return _KEY_ALIASES.get(key, key)


def parse_front_matter(text: str) -> tuple[dict[str, str], str]:
    """Split front matter (one level) from the rest of the text.

    Front matter is ``key: value`` lines between ``---`` lines (YAML), ``key = value`` lines between ``+++``
    lines (TOML, as Hugo writes it), ``Key: value`` lines opening the file up to a blank line (MultiMarkdown,
    Pelican), or such lines between the first heading and a blank line that name the page's address, date, author,
    tags or creation (a Notion export).
    """
    found = _FRONT.match(text)
    exported = _PROPERTIES.match(text) if found is None else None
    if found:
        block, rest = found.group(1), text[found.end() :]
    elif exported is not None and {_key(key) for key in _PROPERTY.findall(exported.group(2))} & _PAGE_PROPERTIES:
        # A Notion page exported as Markdown: its title as the heading, its properties under it ("Created: ...",
        # "URL: ...", "Tags: ..."), up to a blank line. The heading stays the title.
        block, rest = exported.group(2), exported.group(1) + text[exported.end() :]
    elif not text.startswith(("---", "+++")):
        # MultiMarkdown's and Pelican's metadata: "Title: ..." / "Date: ..." lines opening the file, up to the
        # first blank line; only when every line is a field and one is the title or the date. Logseq writes a
        # page's properties with two colons ("title:: ...", "source:: ...").
        block, _, rest = text.partition("\n\n")
        if _only_fields(block, _LOGSEQ_FIELD):
            block = _LOGSEQ_MARK.sub(r"\1:", block)
        elif not _only_fields(block, _YAML_FIELD):
            return {}, text
    else:
        # Never closed: the block ends at the first blank line when every line of it is a field and one is the
        # title or the date ("title: ..."); otherwise the opening line is a rule and the text is all body (a
        # paragraph such as "Update: ..." under a rule stays text).
        opened = _UNCLOSED.match(text)
        if opened is None:
            return {}, text
        block, rest = opened.group(1), text[opened.end() :]
        if not _only_fields(block, _TOML_FIELD if text.startswith("+++") else _YAML_FIELD):
            return {}, text
    separator = "=" if text.startswith("+++") else ":"
    fields: dict[str, str] = {}
    listed: str | None = None  # the field whose value is the block list under it ("author:" / "  - Ann Lee")
    for line in block.splitlines():
        item = _LIST_ITEM.match(line)
        if item is not None and listed is not None:
            value = _unquoted(item.group(1).strip())
            fields[listed] = f"{fields[listed]}, {value}" if fields[listed] else value
            continue
        listed = None
        key, sep, value = line.partition(separator)
        if not sep or not key.strip() or line[:1].isspace():
            continue
        value = value.strip()
        if len(value) >= 2 and value[0] == "[" and value[-1] == "]" and not value.startswith("[["):
            value = ", ".join(_unquoted(part.strip()) for part in value[1:-1].split(",") if part.strip())  # [a, b]
        name = _key(key)
        if name != key.strip().lower() and name in fields:
            continue  # the English key given too ("date:" and an Italian "data:"): it is the one read
        fields[name] = _unquoted(value)
        listed = name if not value else None
    return fields, rest


# A Notion export's top: "# Title", a blank line, then "Key: value" lines (keys of up to three words: "Created
# time") to the next blank line. One of them must be a page's property (_PAGE_PROPERTIES): "When: Friday" / "Where:
# the town hall" under a heading is a note's text.
_PROPERTIES = re.compile(
    r"\A(\s{0,3}#[ \t][^\n]*\n[ \t]*\n)"  # the heading and a blank line
    r"((?:[^\W\d_][\w-]*(?: [\w-]+){0,2}:(?:[ \t][^\n]*)?\n)+?)[ \t]*(?:\n|\Z)"  # the fields, to a blank line
)
_PROPERTY = re.compile(r"^([^:\n]+):", re.MULTILINE)
_PAGE_PROPERTIES = frozenset({"url", "source", "date", "author", "tags", "created", "created time", "published"})
# An item of a YAML block list under a field ("  - Ann Lee", "- \"[[Ann Lee]]\"").
_LIST_ITEM = re.compile(r"^\s*-\s+(\S.*)$")
# A wiki link ("[[Ann Lee]]", "[[Tram network|the plan]]"), as Obsidian and its web clipper write them: its text.
_WIKI_LINK = re.compile(r"\[\[([^\[\]|]*)(?:\|([^\[\]]*))?\]\]")


def _unquoted(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        value = value[1:-1]
    return _WIKI_LINK.sub(_wiki_text, value) if "[[" in value else value


def _wiki_text(found: re.Match[str]) -> str:
    return (found.group(2) or found.group(1)).strip()


# A link's or image's target in parentheses, which may hold a pair of its own ("/wiki/Mercury_(planet)").
_TARGET = r"\((?:[^()]|\([^()]*\))*\)"
_EMBED = r"!\[\[[^\[\]]*\]\]"  # a wiki embed (an image, a note)
_IMAGE = r"!\[([^\]]*)\]" + _TARGET
# Inline markdown, in the order it is removed: each with characters it cannot match without (a cheap test that
# spares most plain paragraphs all ten substitutions) and its replacement.
_INLINE: tuple[tuple[tuple[str, ...], re.Pattern[str], str | Callable[[re.Match[str]], str]], ...] = (
    (("![[",), re.compile(_EMBED), ""),  # wiki embeds
    (("[^",), re.compile(r"\[\^[^\[\]\s]{1,40}\]"), ""),  # footnote marks ("euros.[^1]"): the notes are dropped
    # A site generator's template tags, which its build replaces ("{{< figure src=... >}}", "{% include ... %}").
    (("{{<", "{%"), re.compile(r"\{\{<[^<>]{0,500}>\}\}|\{\{%[^{}%]{0,500}%\}\}|\{%[^{}%]{0,500}%\}"), ""),
    (("[[",), _WIKI_LINK, _wiki_text),  # wiki links: their text
    (("![",), re.compile(_IMAGE), ""),  # images
    (("](",), re.compile(r"\[([^\]]+)\]" + _TARGET), r"\1"),  # links: their text kept
    (("][",), re.compile(r"\[([^\]]+)\]\[[^\]]*\]"), r"\1"),  # reference links
    (("<http",), re.compile(r"<(https?://[^>]+)>"), r"\1"),  # autolinks
    (("<",), re.compile(r"</?[A-Za-z][^>]*>"), ""),  # html tags
    (("`",), re.compile(r"`+([^`]*)`+"), r"\1"),  # code
    (("**", "__"), re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1"), r"\2"),  # strong
    (("*", "_"), re.compile(r"(?<![\w*])([*_])(?=\S)(.+?)(?<=\S)\1(?![\w*])"), r"\2"),  # emphasis
    (("~~",), re.compile(r"~~(.+?)~~"), r"\1"),  # strike-through
    (("\\",), re.compile(r"\\([\\`*_{}\[\]()#+\-.!>])"), r"\1"),  # escapes
)
_TAG_WORDS = 30
# A picture alone on its line, and the caption a note or a site's Markdown sets under it in emphasis ("![Harbour]
# (harbour.jpg)" then "*The harbour road at dawn. Photo: Jane Doe*"): the caption is no paragraph of the story (it
# was a key point).
_PICTURE_LINE = re.compile(rf"\s*(?:{_IMAGE}|{_EMBED})\s*$")
_CAPTION_LINE = re.compile(r"\s*(?:\*(?!\*)\S.*?(?<=\S)\*|_(?!_)\S.*?(?<=\S)_)\s*$")
_QUOTE_MARKS = re.compile(r"^\s{0,3}(>\s?)+")
# Raw HTML a reader never sees: comments, and the elements whose content is code (a page's tracking script, its
# styles) or inert (a template). Only those closed are removed: an unclosed one loses its tag, not the text after it.
_HIDDEN_OPEN = re.compile(r"<!--|<(script|style|template)\b[^>]*>", re.IGNORECASE)
_HIDDEN_CLOSE = {name: re.compile(rf"</{name}\s*>", re.IGNORECASE) for name in ("script", "style", "template")}


# MDX (a docs site's or a blog's post: Docusaurus, Next.js) opens with JavaScript module lines and places its
# components on lines of their own: "import Chart from '../components/Chart'", "export const meta = {...}",
# "<Chart data={rents} />". None is text of the post.
_MDX_MODULE = re.compile(r"(?:import|export)\s+(?:[\w{*]|default\b)")
_MDX_COMPONENT = re.compile(r"\s*<[A-Z][\w.]*(?:\s[^<>]*)?/>\s*")
_MDX_STATEMENT_LINES = 40  # a statement's lines at most, up to its braces' balance


def without_mdx_code(text: str) -> str:
    """Return an MDX file's text without its module statements and its self-closing components' lines.

    A fenced code block is left as it is: its "import ..." lines are the post's code sample.
    """
    lines = text.split("\n")
    kept: list[str] = []
    at = 0
    fenced = False  # inside a fenced code block, whose "import ..." lines are the post's code sample
    while at < len(lines):
        line = lines[at]
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced and _MDX_MODULE.match(line):
            depth = line.count("{") - line.count("}")
            end = at
            while depth > 0 and end + 1 < len(lines) and end - at < _MDX_STATEMENT_LINES:
                end += 1
                depth += lines[end].count("{") - lines[end].count("}")
            at = end + 1
            continue
        if fenced or not _MDX_COMPONENT.fullmatch(line):
            kept.append(line)
        at += 1
    return "\n".join(kept)


def hidden_html_removed(text: str) -> str:
    """Remove HTML comments and closed script, style and template elements outside code fences.

    A fenced block keeps them: there they are the article's code sample, shown as written. Linear in the text: a
    kind of element whose first opening has no close ends the search for that kind.
    """
    if "<" not in text:
        return text
    pieces: list[str] = []
    outside: list[str] = []
    in_fence = False
    for line in text.splitlines(keepends=True):
        if _FENCE.match(line):
            if not in_fence:
                pieces.append(_remove_hidden("".join(outside)))
                outside.clear()
            in_fence = not in_fence
            pieces.append(line)
        elif in_fence:
            pieces.append(line)
        else:
            outside.append(line)
    pieces.append(_remove_hidden("".join(outside)))
    return "".join(pieces)


def _remove_hidden(text: str) -> str:
    kept: list[str] = []
    start = 0
    unclosed: set[str] = set()
    position = 0
    while (opened := _HIDDEN_OPEN.search(text, position)) is not None:
        kind = (opened.group(1) or "--").lower()
        if kind in unclosed:
            position = opened.end()
            continue
        if kind == "--":
            end = text.find("-->", opened.end())
            end = -1 if end < 0 else end + 3
        else:
            closed = _HIDDEN_CLOSE[kind].search(text, opened.end())
            end = -1 if closed is None else closed.end()
        if end < 0:
            unclosed.add(kind)
            position = opened.end()
            continue
        kept.append(text[start : opened.start()])
        start = position = end
    kept.append(text[start:])
    return "".join(kept)


def strip_inline(text: str) -> str:
    """Remove inline markdown: images, links (their text kept), emphasis, code marks, html tags."""
    for needs, pattern, replacement in _INLINE:
        if contains_any(text, needs):
            text = pattern.sub(replacement, text)
    return collapse_blanks(text)  # (clean_inline's split and join, without them where the text is single-spaced)


# Every character a line's mark can open with (_FENCE, _ATX, _SETEXT, _RULE, _BULLET: after up to three blanks,
# one of these or a digit); tests/test_markdown_fastpaths.py checks them against the patterns.
_MARK_FIRSTS = frozenset("`~#=-*_+")


def plain_start(line: str) -> bool:
    """Tell whether ``line`` opens with a character none of the line patterns can open with (most lines of text).

    Such a line is no fence, heading, underline, rule or bullet: five patterns spared (~4 us a line).
    """
    first = line[:1]
    return bool(first) and first not in _MARK_FIRSTS and not first.isspace() and not first.isdecimal()


def markdown_blocks(text: str) -> list[tuple[int, str]]:
    """Return the document's blocks as (heading level or 0, plain text), in order."""
    blocks: list[tuple[int, str]] = []
    current: list[str] = []
    in_fence = False
    after_picture = False  # the last block was a picture alone: an emphasised line under it is its caption

    def flush() -> None:
        nonlocal after_picture
        if current:
            picture = _PICTURE_LINE.match(current[0]) is not None
            lines = current[1:] if picture else current
            caption = bool(lines) and (picture or after_picture) and all(map(_CAPTION_LINE.match, lines))
            joined = "" if caption else strip_inline(" ".join(current))
            if joined:
                blocks.append((0, joined))
            after_picture = picture and not lines
            current.clear()

    in_note = False
    for raw in text.splitlines():
        if not plain_start(raw) and _FENCE.match(raw):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            if raw.strip():
                current.append(raw.strip())
            continue
        if in_note or ("[^" in raw[:5] and _FOOTNOTE.match(raw)):
            if not in_note:
                flush()
            in_note = bool(raw.strip())
            continue
        line = _QUOTE_MARKS.sub("", raw) if ">" in raw else raw
        if plain_start(line):
            current.append(line.strip())  # (no heading, underline, rule or bullet: what the tests below come to)
            continue
        heading = _ATX.match(line)
        if heading:
            flush()
            after_picture = False
            blocks.append((len(heading.group(1)), strip_inline(heading.group(2))))
        elif current and _SETEXT.match(line) and len(current) == 1:
            level = 1 if line.strip().startswith("=") else 2
            blocks.append((level, strip_inline(current[0])))
            current.clear()
        elif _RULE.match(line) or not line.strip():
            flush()
        elif _BULLET.match(line):
            flush()
            current.append(_BULLET.sub("", line).strip())
        else:
            current.append(line.strip())
    flush()
    return blocks


# A clipped page's address on its own line under the title, as note apps and clipping shortcuts write it:
# "[Source](https://...)", "Source: https://...", "<https://...>" or the address alone.
_SOURCE_LABELS = r"source|original|original article|link|url|via|read the original|view original|web page|article"
_SOURCE_LINK = re.compile(
    rf"\s*(?:\[(?:{_SOURCE_LABELS})\]\((?P<linked>https?://[^()\s]+)\)"
    rf"|(?:(?:{_SOURCE_LABELS})\s*:\s*)?<?(?P<named>https?://[^<>\s]+?)>?)\s*",
    re.IGNORECASE,
)
_SOURCE_TOP = 6  # lines from the top (after the front matter) where a clip's address stands


def _source_link(text: str) -> tuple[str, str | None]:
    """Return the text without the clipped page's address line at its top, and that address (or None).

    Only above the story's first paragraph of prose: an address in the text is the story's own.
    """
    seen = 0
    offset = 0
    for line in text.splitlines(keepends=True):
        if line.strip():
            found = _SOURCE_LINK.fullmatch(line.strip())
            if found:
                return text[:offset] + text[offset + len(line) :], found["linked"] or found["named"]
            seen += 1
            # A heading ("# Harbour council approves tram line to the airport") is the title, however long: no prose.
            if seen >= _SOURCE_TOP or (len(line.split()) >= _PROSE_WORDS and not _HEADING_LINE.match(line)):
                break
        offset += len(line)
    return text, None


_PROSE_WORDS = 8  # a line of this many words is the story's prose: the top ends there
_HEADING_LINE = re.compile(r"\s{0,3}#{1,6}\s")


# A line that opens with a link, after a heading's or a list item's mark and emphasis: "## [Headline](url)".
_LINK_LINE = re.compile(r"^\s{0,3}(?:#{1,6}\s+|[-*+]\s+|\d+[.)]\s+)?[*_]*\[([^\[\]]+)\]\(\s*<?([^()\s<>]*)")
# A story link is most of its line: "- [Headline](url) — 3 December 2026".
_LINK_LINE_SHARE = 0.6


def markdown_index_signs(text: str, url: str | None = None) -> IndexSigns:
    """Return the index-page signs of a Markdown document: its lines that are a link to a story, and its text.

    ``url`` is the address of the page the document was clipped from (its front matter's), where known.
    """
    own = link_host(url) if url else ""
    pieces = []
    for line in text.splitlines():
        found = _LINK_LINE.match(line) if "](" in line else None
        if found is not None:
            label, plain = strip_inline(found.group(1)), strip_inline(line.lstrip(" #-*+"))
            if story_link(label) and len(label) >= _LINK_LINE_SHARE * len(plain):
                pieces.append(Piece(label, link_host(found.group(2), own)))
                continue
        pieces.append(Piece(strip_inline(line)))
    return index_signs(pieces, own_known=bool(own))


def parse_markdown(text: str, *, name: str) -> Article:
    """Parse a markdown article.

    Raises:
        ParseError: if there is no text after the front matter, or the file is a clipped page of story links.
    """
    fields, rest = parse_front_matter(text)
    if name.lower().endswith(".mdx"):
        rest = without_mdx_code(rest)
    rest = hidden_html_removed(rest)
    rest, linked = _source_link(rest)
    signs = markdown_index_signs(rest, page_address(fields, linked))
    if signs.is_index:
        raise ParseError(signs.note())  # a clipped home or section page: its teasers are no one story
    return article_from_blocks(
        markdown_blocks(rest), fields, name=name, image=markdown_image(rest, fields), linked=linked
    )


def page_address(fields: dict[str, str], linked: str | None = None) -> str | None:
    """Return the web address of the page a note was clipped from: its front matter's, else its address line's.

    A web address as the ``source`` is where the page came from (Obsidian's web clipper: "source: https://..."),
    not the publication's name.
    """
    source = fields.get("source") or ""
    from_source = source if source.startswith(("http://", "https://")) else None
    address = fields.get("url") or fields.get("link") or fields.get("canonical") or from_source or linked
    return address if address and address.startswith(("http://", "https://")) else None


def article_from_blocks(
    blocks: list[tuple[int, str]],
    fields: dict[str, str],
    *,
    name: str,
    image: ArticleImage | None = None,
    linked: str | None = None,
    what: str = "the markdown file",
) -> Article:
    """Build the article of a document's blocks ((heading level or 0, plain text), in order) and its fields.

    The title is the ``title`` field, else the first heading, else a short first paragraph; a short date line or
    byline under it dates and signs it. Markdown files and word-processor documents (bot.ingest.formats.documents)
    alike; ``linked`` is a clipped page's address line (:func:`page_address`), ``what`` names the file in errors.

    Raises:
        ParseError: if there is no paragraph of text.
    """
    page_url = page_address(fields, linked)
    source = fields.get("source") or ""
    blocks = [(level, t) for level, t in blocks if t]
    title = clean_inline(fields.get("title") or fields.get("headline"))
    if not title:
        for index, (level, heading) in enumerate(blocks):
            if level:
                title = heading
                del blocks[index]
                break
    elif blocks and blocks[0][0] and blocks[0][1].casefold() == title.casefold():
        del blocks[0]
    # MarkDownload's template quotes the page's description under an "Excerpt" heading before the text: the
    # standfirst, not the story's first paragraph (it was the first key point).
    excerpt = None
    if len(blocks) > 2 and blocks[0][0] and blocks[0][1].casefold() == "excerpt" and not blocks[1][0]:
        excerpt = blocks[1][1]
        del blocks[:2]
    # Sub-headings are signposts, not sentences of the story.
    paragraphs = [t for level, t in blocks if not level and not HASHTAGS.fullmatch(t)]  # "#clippings #transport"
    while len(paragraphs) > 1 and TAGS.match(paragraphs[-1]) and word_count(paragraphs[-1]) <= _TAG_WORDS:
        paragraphs.pop()  # "Tags: library, city" under a note
    if not paragraphs and not title:
        raise ParseError(f"no text in {what}")
    if not paragraphs:
        raise ParseError(f"{what} has a title but no body")
    if not title:
        title = paragraphs.pop(0) if len(paragraphs) > 1 and len(paragraphs[0]) <= 200 else name.rsplit(".", 1)[0]
    published = parse_meta_date(fields.get("date") or fields.get("published") or fields.get("pubdate"))
    author = clean_inline(fields.get("author") or fields.get("byline")) or None
    # Without front matter, a short date line or byline under the title ("*17 October 2025*", "By Ann Lee").
    for _ in range(2):
        if len(paragraphs) < 2 or len(paragraphs[0]) > 80:
            break
        byline = _BYLINE.search(paragraphs[0])
        day = find_text_date(paragraphs[0]) if published is None else None
        if byline and author is None:
            author = byline.group(1).strip()
            day = find_text_date(paragraphs[0]) if published is None else None
            published = published or day
            paragraphs.pop(0)
        elif day is not None and len(paragraphs[0]) <= 60:
            published = day
            paragraphs.pop(0)
        else:
            break
    if published is None:
        published = find_text_date(title, set_off=True)  # a note titled with its day: "Weekly notes: 5 December 2026"
    if page_url is not None or excerpt is not None:
        # A web clipper's title is the page's <title>: "Headline | The Daily Example", cut as a saved page's is.
        # (MarkDownload's "Excerpt" block marks its file as a clipped page, with or without its front matter.)
        title = strip_site_affix(title, clean_inline(fields.get("site") or fields.get("publication")) or None)
        # And its text is the page's: a picture's caption, share buttons, "Read more" links, as in a pasted copy.
        paragraphs = read_body(paragraphs, author=author)
    return Article(
        title=title,
        body=tuple(paragraphs),
        published=published,
        dateline=clean_inline(fields.get("dateline")) or None,
        author=author,
        url=page_url,
        # A web address as the source is the page's (page_address), not the publication's name.
        source=clean_inline(
            (None if source.startswith(("http://", "https://")) else source) or fields.get("publication")
        )
        or name,
        summary=clean_inline(fields.get("summary") or fields.get("description")) or excerpt,
        image=image,
    )
