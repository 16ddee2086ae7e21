"""Split text into sentences without a trained model: abbreviations, initials, decimals, quotes, lost breaks."""

from __future__ import annotations

import re
import string

from bot.text.datewords import MONTHS
from bot.text.phrased import THAI_LAO


def _words(text: str) -> frozenset[str]:
    """Return the blank-separated words of ``text`` as a set."""
    return frozenset(text.split())


# Words after which a full stop almost never ends the sentence (a name or number follows).
_TITLES = _words(
    "mr mrs ms messrs mme mlle dr prof gen sen rep gov lt col capt cpt sgt cmdr adm maj rev hon pres supt insp det "
    "cpl pvt fr sr jr st mt ft vs v etc al ave blvd rd dept univ est approx fig nos vol pp ph "
    # US state abbreviations in datelines and addresses ("Dekalb, Ill. Police ...").
    "ala ariz ark calif colo conn del fla ga ill ind kan kans ky md mass mich minn miss mo mont neb nev okla ore pa "
    "tenn tex va vt wash wis wyo "
    # Common abbreviations of other languages written in Latin script: German, Spanish, Portuguese, Italian,
    # French titles and references ("el Sr. García", "il dott. Rossi", "S. 12").
    "bzw usw vgl evtl ggf inkl nr ca resp sra sr srta av dra dña profa sig sigg dott ing avv arch lic ud uds "
    "pág págs núm sta sto hr frau dipl mag abs ziff bd hrsg jh mio mrd tel "
    # Czech "320 mil. Kč", Greek "320 εκατ. ευρώ"; Polish "ul." (street) and Portuguese "Eng." before a name.
    "mil εκατ ul eng "
    # Before a name or a street's: Romanian "dl." / "dna." (Mr, Mrs) and "str." (street), Ukrainian and Russian
    # "проф." (professor), "акад.", "вул." / "ул." (street), "просп." (avenue), "пл." (square), Filipino "Engr.",
    # "Gng." / "Bb." (Mrs, Miss), Swahili "Dkt." (doctor), "Bw." / "Bi." (Mr, Mrs), Turkish "Doç." (lecturer),
    # "Cad." / "Sok." / "Mah." (street, lane, quarter), Czech "nám." (square).
    "dl dna str проф акад вул ул просп пл engr gng bb dkt bw bi doç cad sok mah nám"
)
# Titles that really are always followed by a name: never a sentence end.
_ALWAYS_JOIN = _words(
    "mr mrs ms messrs mme mlle dr prof gen sen rep gov lt col capt cpt sgt cmdr adm maj rev hon spc pfc cpl atty"
)
# Months shortened with a stop, before a year or a day ("Dec. 2026", "4. Dez. 2026", "déc. 2026", "dic. 2026"):
# English, German, French, Spanish, Italian, Dutch. Not those that are English words ("ago", "set", "out"): "two
# years ago. 20 people ..." ends a sentence.
_MONTHS = _words(
    "jan feb mar apr jun jul aug sep sept oct nov dec mär mrz okt dez janv févr fév avr juil déc ene abr dic gen "
    "giu lug ott mrt"
)
# Abbreviations that end sentences often enough to split when a capitalised word follows.
# ("Sr." is not here: Spanish and Portuguese write it before a name; the title rule splits "Smith Sr. He said".)
_COMPANY = _words("inc ltd co corp llc plc bros jr etc")
# Never an end before a number: also "about" in French "env. 320 M€", Spanish and Portuguese "aprox. 320", Polish
# "ok. 320" (English "it was OK. Republicans ..." ends), Greek "περ. 320", a quarter "3e trim. 2027", and Polish
# "godz. 5.00" (the hour).
_NUMBERED = _words("no nos art sec ch p pp vol op fig env aprox ok περ trim godz")
# Words that start a sentence; after an acronym (U.S.) a sentence end is only believed before one of these.
_STARTERS = _words(
    "the a an he she it they we i you his her its their our my this that these those there here but and so "
    "yet or if when while after before as in on at for with by from to of not no one some many most all both "
    "each every what who why how where which however meanwhile now then still also officials police "
    "authorities according last earlier later since although though despite"
)

_CLOSERS = "\"'\u201d\u2019)]\u00bb"
_OPENERS = "\"'\u201c\u2018([\u00ab\u00bf\u00a1"  # with Spanish ¿ and ¡
# A candidate end: terminal punctuation, optional closers, then whitespace. Only from the first stop of a run
# (the look-behind, after that stop, sees two stops when an earlier one exists): a run that fails from its first
# stop fails from any later one too, and trying again from each stop of a long run of dots was quadratic. Leading
# with the stop itself lets the engine skip ahead to the next stop. Possessive: nothing to give back.
# Stops: Latin, CJK full-width (U+3002, U+FF01, U+FF1F), Burmese (U+104B), Khmer (U+17D4), Devanagari's single
# and double danda (U+0964, U+0965), the Arabic question mark (U+061F) and full stop (U+06D4, Urdu's), and the
# semicolon, Greek's question mark (U+037E is a semicolon once text is NFC), which ends a sentence only between
# Greek words (_is_end).
_STOPS = "[.!?\u2026\u3002\uff01\uff1f\u104b\u17d4\u0964\u0965\u061f\u06d4;]"
# French sets its closing guillemet off with a (no-break) space: « Je pars. » Puis... keeps "»" with its sentence.
# An encyclopedia's reference marks after a stop ("... in 2016.[4] The ...", ".[12][13]", ".[citation needed]") belong
# to the sentence they close, as closers do.
_REFERENCE = r"\[(?:\d{1,3}|[a-z]|note \d{1,3}|[a-z]+(?: [a-z]+)? needed)\]"
_CANDIDATE = re.compile(
    rf"({_STOPS}(?<!{_STOPS}{_STOPS}){_STOPS}*+)"
    r"((?:[ \u00a0\u202f]\u00bb)?(?:[" + re.escape(_CLOSERS) + rf"]|{_REFERENCE})*+)(\s+)"
)
# Such marks anywhere in a sentence, right after its text ("the party,[3] which"), with the page they cite
# ("[1]: 207", "[3]:p. 7"): no words of it.
REFERENCE_MARKS = re.compile(rf"(?<=\S)(?:{_REFERENCE})+(?::\s?(?:pp?\.\s?)?\d{{1,4}}(?:[-\u2013]\d{{1,4}})?)?")
# Paragraphs glued together without a space ("the end.The next"): a lower-case word, a stop, a capitalised word.
_GLUED = re.compile(r"[.!?][" + re.escape(_CLOSERS) + r"]?(?=[A-Z][a-z])")
# Full-width stops (CJK) are not followed by a space: add one so the rule above sees them.
_FULL_STOP = re.compile(r"([\u3002\uff01\uff1f][\u300d\u300f" + re.escape(_CLOSERS) + r"]*)(?=\S)")
# What _GLUED and _SURE_END read of an ASCII character, one byte each: a stop ".", a closer '"', a capital "A", a
# small letter "a", the blank " ", anything else "_". Both patterns open with a character set, which the engine
# tries at every position (~20 instructions a character); in the classes of a text their matches open with a
# literal "." the engine skips to, at the same positions (the translation keeps one byte a character).
_CLASS_MARKS = ((".!?", "."), (_CLOSERS, '"'), (string.ascii_uppercase, "A"), (string.ascii_lowercase, "a"), (" ", " "))
_CLASSES = (
    bytes(ord(next((mark for chars, mark in _CLASS_MARKS if chr(b) in chars), "_")) for b in range(128)) + b"_" * 128
)
_GLUED_CLASSES = re.compile(rb'\."?Aa')  # _GLUED in an ASCII text's _CLASSES
_SURE_END_CLASSES = re.compile(rb'\.(?<!\.\.)\.*+"*+ (?=A)')  # _SURE_END (below) in an ASCII text's _CLASSES
# Paragraphs (or photo captions) joined with only a space: "... on Friday The club said". A capitalised
# pronoun or article followed by a lower-case word, straight after a lower-case word, starts a new sentence.
_LOST_STARTS = r"(?:The|He|She|They|It|We|His|Her|Their|This|These|Those|There)\s+[a-z]"
_LOST_BREAK = re.compile(rf"\s+(?={_LOST_STARTS})")
# What a lost break needs, found faster: the starts above after a blank, factored by first letter. The blank is a
# plain space because sentences are cut from blocks whose every blank is one (see _lines_to_blocks), and a
# literal first character lets the engine skip to each space instead of trying every position.
_LOST_HINT = re.compile(r" (?:T(?:he|hey|heir|his|hese|hose|here)|H(?:e|is|er)|She|It|We)\s+[a-z]")
# The word before a stop, read backwards: the longest run of these characters that ends the text.
_WORD_BEFORE_REVERSED = re.compile(r"[\w.'\u2019-]*")
_NEXT_WORD = re.compile(r"[" + re.escape(_OPENERS) + r"]*([\w'\u2019-]*)")
_ACRONYM = re.compile(r"^(?:[A-Za-z]\.){2,}$|^(?:[A-Za-z]\.)+[A-Za-z]$")
_BLANK_LINE = re.compile(r"\n[ \t]*\n+")
_GREEK_LETTER = re.compile("[\u0386-\u03ff\u1f00-\u1fff]")
# Thai and Lao write no stop: a space between two of their letters ends a phrase or a sentence. It is taken as a
# sentence's end when the sentence so far holds 100 characters (about twenty words: a Thai news sentence is
# often a whole paragraph of 150-300, and a shorter run is a clause, a name or the subject before its verb; a
# cut after 50 split the datasets' Thai copy's sentences at an apposition), the next phrase holds 20 (a shorter
# one is a name, an item of a list, "มัดแขน รัดคอ ทุบ...", or a closing particle), and it does not open with a
# word that links it to the last one ("และ" and, "แต่" but, "ซึ่ง" which, "ว่า" that, "หลังจาก" after, ...).
_PHRASED_SPACE = re.compile(rf"(?<=[{THAI_LAO}]) (?=[{THAI_LAO}])")
_PHRASED_HINT = re.compile(f"[{THAI_LAO}]")
_PHRASED_SENTENCE = 100
_PHRASED_NEXT = 20
_LINKS = (
    "และ", "แต่", "หรือ", "ซึ่ง", "โดย", "เพื่อ", "ที่", "ว่า", "เนื่องจาก", "เพราะ", "จึง", "จน", "ขณะที่", "หลังจาก",
    "ก่อนที่", "รวมถึง", "รวมทั้ง", "ตั้งแต่", "ทั้ง", "กับ", "ของ", "ให้", "เมื่อ", "จาก",
    "ແລະ", "ແຕ່", "ຫຼື", "ເຊິ່ງ", "ຊຶ່ງ", "ໂດຍ", "ເພື່ອ", "ທີ່", "ວ່າ", "ຍ້ອນ", "ຫຼັງຈາກ",
)  # fmt: skip
# Every word that one of the lists above names: most words before a stop are in none of them.
_LISTED = _TITLES | _ALWAYS_JOIN | _MONTHS | _COMPANY | _NUMBERED


def _is_end(text: str, match: re.Match[str], semicolons: bool = True) -> bool:
    """Decide whether the candidate punctuation at ``match`` ends a sentence.

    ``semicolons``: False where ``text`` holds no semicolon (no stop of the match can be one: the test is spared).
    """
    end = match.end()
    if semicolons and ";" in match.group(1):
        return _greek_question(text, match)
    if end >= len(text):
        return True
    first = text[end]
    if not first.isalpha():  # a letter (no opener) starts the next word itself: its first letter is enough so far
        next_word = _next_word(text, end)
        if not next_word:
            # "Dekalb, Ill. \u2014 Mike Glass threw ...": a dash continues a dateline or a quotation. Scripts
            # without case (CJK, Arabic) and symbols: the punctuation alone decides.
            return first not in "-\u2013\u2014"
        first = next_word[0]
    if first.islower():
        # A lower-case continuation ("he said "stop." and left", "'Why?' he asked") keeps the sentence going.
        return False
    if not (first.isupper() or first.isdigit()) or match.group(1) != "." or match.group(2):
        # No case, or '!', '?', or a closing quote or bracket after the stop ("I'm done." He left): an end.
        return True
    start = match.start()
    space = text.rfind(" ", max(0, start - 40), start)
    word = text[space + 1 : start]
    if space >= 0 and word.isalnum():
        bare = word  # a plain word after a blank, as _word_before finds it: nothing to strip
    else:
        word = _word_before(text, start)
        bare = word.rstrip(".").lstrip("'-")
    lower = bare.lower()
    if bare.isdigit() and len(bare) <= 2:
        if _next_word(text, end).lower() in MONTHS:
            return False  # a German, Danish, Czech... ordinal day: "am 3. Oktober", "3. října"
        before = text[: start - len(bare)].rstrip()
        if before and before[before.rfind(" ") + 1 :].lower() in _ORDINAL_BEFORE:
            # An ordinal before a German noun (capitalised): "der 2. Weltkrieg", "in der 2. Runde", "zum 3. Mal".
            # (A number opening the text stays apart: a list's "1. The first step ..." is more often that than
            # "1. FC Köln gewann ...".)
            return False
    if lower in _LISTED:
        if lower in _ALWAYS_JOIN:
            return False
        if lower in _MONTHS:
            return not first.isdigit()
        if lower in _NUMBERED and first.isdigit():
            return False
        if lower in _COMPANY:
            return True
        if lower in _TITLES:
            return _next_word(text, end).lower() in _STARTERS
    if (len(bare) == 1 and bare.isalpha()) or ("." in word and _ACRONYM.match(word)):
        # U.S. President / J. K. Rowling: a sentence end only when a typical sentence start follows.
        return _next_word(text, end).lower() in _STARTERS
    return True


# German articles and the prepositions joined with one, before an ordinal ("der 2.", "im 3.", "zum 4."): the noun
# after it is capitalised, as a sentence's first word is.
_ORDINAL_BEFORE = frozenset(
    ("der", "die", "das", "dem", "den", "des", "am", "im", "zum", "zur", "beim", "vom", "ins", "ans")
)


def _greek_question(text: str, match: re.Match[str]) -> bool:
    """Tell whether a semicolon is Greek's question mark: after a Greek letter, before a capital one or the end."""
    before = text[match.start() - 1 : match.start()]
    if not _GREEK_LETTER.fullmatch(before):
        return False
    after = _next_word(text, match.end())[:1] if match.end() < len(text) else ""
    return not after or (_GREEK_LETTER.fullmatch(after) is not None and after.isupper())


def _next_word(text: str, index: int) -> str:
    """Return the word that starts at ``index``, after any opening quotes or brackets."""
    return _NEXT_WORD.match(text, index).group(1)  # type: ignore[union-attr]  # every part is optional


def _word_before(text: str, index: int) -> str:
    """Return the word (letters, digits, dots, apostrophes, hyphens) ending at ``index``, of 40 characters at most."""
    low = max(0, index - 40)
    space = text.rfind(" ", low, index)
    if space >= 0:
        # The usual case, a plain word after a blank: what the backwards pattern below finds, found faster.
        word = text[space + 1 : index]
        if word.isalnum():
            return word
    chunk = text[low:index]
    before = _WORD_BEFORE_REVERSED.match(chunk[::-1])
    return chunk[len(chunk) - before.end() :] if before else ""


# A run of stops (and closing quotes or brackets) that always ends a sentence when a single blank and a capital
# letter follow: any but one full stop alone ("?", "!", "..", 'said." The'); one full stop after a blank and a
# plain word of letters or digits ("... on Friday. The club said"), see _sure_word. _is_end answers yes to each
# whatever the text around it holds. Only from the first stop of a run, as _CANDIDATE (a long run of dots).
_SURE_END = re.compile(r"[.!?](?<![.!?][.!?])[.!?]*+[" + re.escape(_CLOSERS) + r"]*+ (?=[A-Z])")


def _sure_word(text: str, stop: int) -> bool:
    """Tell whether the word before a full stop at ``stop`` makes it a sure sentence end.

    So it does when the word is two letters or digits or more after a blank, neither one of the listed
    abbreviations nor a day number of one or two digits ("am 12. Oktober").
    """
    space = text.rfind(" ", max(0, stop - 31), stop)
    word = text[space + 1 : stop]
    return (
        space >= 0
        and len(word) >= 2
        and word.isalnum()
        and word.lower() not in _LISTED
        and not (word.isdigit() and len(word) <= 2)
    )


def sure_pieces(text: str) -> list[str]:
    """Cut a line of text after each stop that always ends a sentence (a cheap scan, no sentence is split).

    ``split_sentences(text)`` is the pieces' sentences in order: a caller that needs only some pieces' sentences
    splits only those. Text over several lines is one piece: whether a short line is a heading depends on its
    length, which a cut would change.
    """
    if "\n" in text:
        return [text]
    pieces: list[str] = []
    start = 0
    ends = _SURE_END_CLASSES.finditer(_classes(text)) if text.isascii() else _SURE_END.finditer(text)
    for match in ends:
        if match.end() - match.start() > 2 or text[match.start()] != "." or _sure_word(text, match.start()):
            pieces.append(text[start : match.end() - 1])  # the blank after the stops belongs to neither piece
            start = match.end()
    pieces.append(text[start:])
    return pieces


def _classes(text: str) -> bytes:
    """Return ASCII ``text``'s characters by _CLASSES, one byte each."""
    return text.encode("ascii").translate(_CLASSES)


def _may_be_glued(block: str) -> bool:
    """Tell whether _GLUED may match in ``block``: exactly whether it does in ASCII text (a scan of its classes)."""
    if block.isascii():
        return _GLUED_CLASSES.search(_classes(block)) is not None
    return "." in block or "!" in block or "?" in block


def _split_block(block: str) -> list[str]:
    """Split one paragraph (no blank lines inside) into sentences."""
    # The two fixes below are rare; the cheap membership tests keep a long block from being scanned for them.
    if _may_be_glued(block):
        block = _GLUED.sub(lambda m: _unglue(block, m), block)
    if "\u3002" in block or "\uff01" in block or "\uff1f" in block:
        block = _FULL_STOP.sub(r"\1 ", block)
    out: list[str] = []
    start = 0
    # The first lost-break hint at or after the current sentence's start, found once for the block rather than
    # searched for in every sentence: a hint is letters and blanks, so it never spans a sentence's closing stop,
    # and a sentence holds one exactly when this one ends inside it (its own search would find the same).
    hint = _LOST_HINT.search(block)
    semicolons = ";" in block  # (one scan of the block, not a look at each candidate's stops)
    for match in _CANDIDATE.finditer(block):
        if _is_end(block, match, semicolons):
            end = match.end(2)
            if hint is not None and hint.end() <= end:
                out.extend(_lost_breaks(block[start:end]))
            elif stripped := block[start:end].strip():  # what _lost_breaks returns here, without the call
                out.append(stripped)
            start = match.end()
            if hint is not None and hint.start() < start:
                hint = _LOST_HINT.search(block, start)
    if hint is not None:
        out.extend(_lost_breaks(block[start:]))
    elif stripped := block[start:].strip():
        out.append(stripped)
    if not block.isascii() and _PHRASED_HINT.search(block):
        return [piece for sentence in out for piece in _phrased_sentences(sentence)]
    return out


def _phrased_sentences(sentence: str) -> list[str]:
    """Cut a Thai or Lao sentence at the spaces that end one (see _PHRASED_SENTENCE); others are left whole."""
    out: list[str] = []
    start = 0
    for space in _PHRASED_SPACE.finditer(sentence):
        at = space.start()
        if at - start < _PHRASED_SENTENCE or sentence.startswith(_LINKS, at + 1):
            continue
        following = sentence.find(" ", at + 1)
        if (len(sentence) if following < 0 else following) - at > _PHRASED_NEXT:
            out.append(sentence[start:at])
            start = at + 1
    out.append(sentence[start:])
    return out


def _run_on(text: str, index: int) -> bool:
    """Tell whether the character before ``index`` ends a run-on word (lower-case letter, digit or %)."""
    return index > 0 and (text[index - 1].islower() or text[index - 1].isdigit() or text[index - 1] == "%")


def _unglue(block: str, match: re.Match[str]) -> str:
    """Add the missing space after a stop that follows a lower-case word ("late.The"), not after "U.S.A"."""
    before = block[max(0, match.start() - 2) : match.start()]
    glued = len(before) == 2 and before.isalpha() and before.islower()
    return match.group(0) + " " if glued else match.group(0)


def _lost_breaks(sentence: str) -> list[str]:
    """Split a sentence where an unpunctuated caption or paragraph runs straight into the next sentence."""
    if not _LOST_HINT.search(sentence):
        stripped = sentence.strip()
        return [stripped] if stripped else []
    cuts = [m.start() for m in _LOST_BREAK.finditer(sentence) if _run_on(sentence, m.start())]
    pieces: list[str] = []
    start = 0
    for cut in sorted(cuts):
        # Only a run of several words counts as a lost sentence; short runs are more likely names or titles.
        if len(sentence[start:cut].split()) >= 6:
            pieces.append(sentence[start:cut].strip())
            start = cut
    pieces.append(sentence[start:].strip())
    return [p for p in pieces if p]


def _lines_to_blocks(paragraph: str) -> list[str]:
    """Join hard-wrapped lines, but keep short unpunctuated lines (headings, captions) on their own."""
    if "\n" not in paragraph:
        if paragraph.isprintable() and "  " not in paragraph and paragraph[:1] != " " and paragraph[-1:] != " ":
            # Only single blanks between words (every other blank is unprintable): already one clean line.
            return [paragraph] if paragraph else []
        line = " ".join(paragraph.split())
        return [line] if line else []
    blocks: list[str] = []
    current: list[str] = []
    for raw in paragraph.split("\n"):
        line = " ".join(raw.split())
        if not line:
            continue
        if current:
            prev = current[-1]
            heading = len(prev) < 60 and prev[-1] not in ".!?:;,-" + _CLOSERS and line[0].isupper()
            if heading:
                blocks.append(" ".join(current))
                current = []
        current.append(line)
    if current:
        blocks.append(" ".join(current))
    return blocks


def split_sentences(text: str) -> list[str]:
    """Return the sentences of ``text`` in order, each stripped; blank lines always end a sentence."""
    sentences: list[str] = []
    for paragraph in _BLANK_LINE.split(text) if "\n" in text else (text,):
        for block in _lines_to_blocks(paragraph):
            sentences.extend(_split_block(block))
    return sentences
