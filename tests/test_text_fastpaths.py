"""The parser's fast paths give exactly what the plain regex definitions give, on text built to trip them."""

import re
import sys
import time
import unicodedata
from collections import Counter
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.ingest import textsafe
from bot.ingest.formats import decode
from bot.text import clean, keypoints, language, linekinds, pointfilter, relativedates, sentences, similarity, tail
from bot.text.asciiwords import ascii_separated, byte_table, case_safe, count_ascii, split_ascii

# Letters, digits, the separators blanked by ascii_separated, apostrophes, letters of other scripts and the
# characters that re.IGNORECASE folds onto ASCII letters.
PIECES = [
    "the",
    "Photo",
    "credit",
    "share",
    "it's",
    "don\u2019t",
    "O'Neil",
    "2019",
    "x",
    "K",
    "_",
    "+",
    "-",
    "'",
    " ",
    "  ",
    "\n",
    "\t",
    ".",
    ",",
    "(",
    ")",
    "/",
    "|",
    "@",
    "\u201c",
    "\u201d",
    "\u2018",
    "\u2014",
    "\u2013",
    "\u2026",
    "\u00a0",
    "\u00ab",
    "\u00bb",
    "\u00f8",
    "\u00e9",
    "\u0416",
    "\u65e5",
    "\u0130",
    "\u0131",
    "\u017f",
    "\u212a",
    "\u03a3",
    "\u00a9",
]
texts = st.lists(st.sampled_from(PIECES), max_size=30).map("".join)

LINE_WORD = re.compile(r"[\w'\u2019+\-]+")
CONTENT_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*", re.UNICODE)


@given(texts)
def test_ascii_separated_keeps_the_words(text):
    plain = ascii_separated(text)
    if plain is not None:
        assert plain.isascii()
        assert split_ascii(plain, byte_table("_'+-")) == LINE_WORD.findall(text)
        assert count_ascii(plain, byte_table("_'+-")) == len(LINE_WORD.findall(text))


@given(texts)
def test_language_words_match_the_regex(text):
    assert language.letter_words(text.lower()) == language._WORD.findall(text.lower())


@given(texts)
def test_word_count_and_word_test_match_the_regex(text):
    assert linekinds._count_words(text) == len(LINE_WORD.findall(text))
    assert linekinds._count_words(text) == len(linekinds._WORD.findall(text))  # "\u2019" too ("don\u2019t")
    assert linekinds.words(text) == linekinds._WORD.findall(text)
    lowered = {w.lower() for w in LINE_WORD.findall(text)}
    found = linekinds.word_test(text.split("\n"))
    for probe in [*lowered, "the", "x", "k", "it's", "don\u2019t", "photo"]:
        assert found(probe) is (probe in lowered)


@given(texts)
def test_content_words_match_the_regex(text):
    lower = text.lower()
    expected = [keypoints.stem(w) for w in CONTENT_WORD.findall(lower) if w not in keypoints.STOPWORDS and len(w) > 1]
    assert keypoints._content(text) == expected


@given(texts, st.sampled_from(["credit", "photo", "share", "click", "subscribe", "ago", "today", "expressed"]))
def test_case_safe_text_holds_every_ignorecase_match_lowered(text, word):
    if case_safe(text) and re.search(word, text, re.IGNORECASE):
        assert word in text.lower()


def test_case_twins_are_not_case_safe():
    for twin in ("\u0130", "\u0131", "\u017f", "\u212a"):
        assert not case_safe(f"Photo {twin}")
    assert case_safe("Photo \u00f8 \u201cquoted\u201d")


@given(st.lists(st.sampled_from(["a", "b", ".", "..", "!", "?", "\u2026", "\u3002", '"', ")", " ", "  "]), max_size=40))
def test_sentence_candidates_match_the_leading_look_behind_form(parts):
    text = "".join(parts)
    stops = "[.!?\u2026\u3002\uff01\uff1f]"
    closers = re.escape(sentences._CLOSERS)
    with_look_behind = re.compile(rf"(?<!{stops})({stops}++)([{closers}]*+)(\s+)")
    assert [(m.span(), m.span(1), m.span(2)) for m in sentences._CANDIDATE.finditer(text)] == [
        (m.span(), m.span(1), m.span(2)) for m in with_look_behind.finditer(text)
    ]


@settings(max_examples=50)
@given(
    st.lists(
        st.sampled_from(
            [
                "Mayor Ruiz said the port reopened.",
                "The port said it would. Ruiz left.",
                "Ruiz said the port reopened. The port thanked Ruiz.",
                "Ruiz met Ruiz at the port.",
            ]
        ),
        max_size=30,
    )
)
def test_counting_the_rest_by_paragraph_counts_sentences(paragraphs):
    """Past the lead window each candidate word counts once per sentence, as if every paragraph were split."""
    pool, df, rest = keypoints._candidates(paragraphs, keypoints.DEFAULT)
    before = Counter(df)
    wanted = {w for _, _, words, _ in pool for w in words}
    keypoints._count_rest(rest, wanted, df)
    by_sentence: Counter[str] = Counter()
    for paragraph in rest:
        for sentence in sentences.split_sentences(paragraph):
            by_sentence.update(set(keypoints._content(sentence)))
    assert {w: df[w] - before[w] for w in wanted} == {w: by_sentence[w] for w in wanted}


@given(
    st.lists(
        st.sampled_from(["a", "word", " ", "  ", "\t", "\xa0", "\n", "\u3000", ".", "The", "He", "Her", "x"]),
        max_size=30,
    )
)
def test_lost_break_hint_finds_what_any_blank_would_in_a_block(parts):
    """The hint pattern's plain space suffices: blocks (and so sentences) have no other blank."""
    any_blank = re.compile(rf"\s{sentences._LOST_STARTS}")
    for block in sentences._lines_to_blocks("".join(parts)):
        assert bool(sentences._LOST_HINT.search(block)) == bool(any_blank.search(block))


def _pairs_word_by_word(words):
    """Key points' character pairs as first written: each word searched for a script without spaces."""
    if not any(keypoints._UNSPACED_CHAR.search(w) for w in words):
        return words
    return keypoints._pairs(words)


@given(texts, st.lists(st.sampled_from(["the", "photo", "credit", "\u65e5", "\u65e5\u65e5", "x", "\u00f8"])))
def test_wanted_stems_match_pairs_of_every_non_blank_stem(text, extra):
    """One search over the joined stems finds what a search of each stem finds (the pattern is one character)."""
    words = keypoints._words(text.lower())
    stems = [keypoints._STEMS.get(w) or keypoints._stem_or_none(w) for w in words]
    assert keypoints._pairs(stems) == _pairs_word_by_word(stems)
    wanted = {*filter(None, stems), *keypoints._pairs([s for s in stems if s]), *extra}
    expected = list(filter(wanted.__contains__, _pairs_word_by_word([s for s in stems if s])))
    assert keypoints._wanted_stems(words, wanted, ascii_only=False) == expected
    if text.isascii():
        assert keypoints._wanted_stems(words, wanted) == list(filter(wanted.__contains__, stems))


@given(
    st.lists(
        st.sampled_from(
            [
                *"3\u00b2\u0663 x.",
                *("12", "vor ", "hace ", "il y a ", " fa", "\u043d\u0430\u0437\u0430\u0434", "\u524d"),
                *("Stunden", "minutos", "\u0447\u0430\u0441\u0430", "heute", "gestern", "ago", "hours"),
            ]
        ),
        max_size=12,
    ).map("".join)
)
def test_relative_dates_need_a_decimal_digit_for_ago(text):
    """Without a decimal digit the "ago" patterns find nothing: the hint's search is skipped, the dates are the same."""
    reference = datetime(2026, 1, 1, tzinfo=UTC)
    found = relativedates._english(text, reference)
    if not found:
        ago = relativedates._WORLD_HINT.search(text.lower()) is not None and any(c.isdigit() for c in text)
        found = relativedates._world(text, reference, ago) if ago or len(text) <= relativedates._DAY_LINE else []
    assert relativedates.relative_dates(text, reference) == found


_COMMENT_PIECES = [
    "comment",
    "Comments",
    "COMMENTS",
    "comentarios",
    "Kommentare",
    "\u212aommentare",
    "commentaires",
    "comment\u017f",
    "\u043a\u043e\u043c\u043c\u0435\u043d\u0442\u0430\u0440\u0438\u0438",
    "policy",
    "guidelines",
    "declined to",
    "Please read our",
    ".",
    " ",
]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.sampled_from(_COMMENT_PIECES), max_size=8).map(" ".join), min_size=1, max_size=6))
def test_comment_box_words_find_what_the_hints_find(lines):
    fast = tail.comment_rules_start(lines, 0, len(lines))
    saved = tail._COMMENT_WORDS
    tail._COMMENT_WORDS = tail._COMMENT_HINTS
    try:
        assert fast == tail.comment_rules_start(lines, 0, len(lines))
    finally:
        tail._COMMENT_WORDS = saved


_TAIL_PIECES = [
    "The mayor opened the bridge",
    ",",
    ", police said",
    ", he told the BBC",
    ", according to officials",
    ", the city's mayor added",
    " on Monday",
    " said",
    "Said",
    "Critical:",
    ": ",
    "A",
    ".",
    "!",
    "\u201d",
    " ",
]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_TAIL_PIECES), min_size=1, max_size=8).map("".join))
def test_tail_and_label_shortcuts_answer_as_the_patterns(sentence):
    if sentence[:1] not in "\"'\u201c\u2018":
        assert pointfilter.trim_tail(sentence) == pointfilter._TAIL.sub("", sentence).strip()
    if ":" not in sentence:
        assert pointfilter._LABEL.match(sentence) is None


# Beside PIECES: what NFKD splits (accents, ligatures, fractions, full-width and circled letters, Hangul), marks of
# several combining classes alone and after letters (NFKD reorders them), the Greek iota subscript (casefold before
# and after NFKD differ), the sharp s, a lone surrogate, an emoji, white space beyond ASCII.
FOLD_PIECES = [
    *PIECES,
    "e\u0301",
    "\u00c5",
    "\u00bd",
    "\ufb01",
    "\uff21",
    "\u2460",
    "\u00b2",
    "\uac00",
    "\u0301",
    "\u0316",
    "\u0345",
    "\u05b0",
    "\u1f80",
    "\u1fb3",
    "\u1e9e",
    "\u00df",
    "\u0130",
    "\ud800",
    "\U0001f600",
    "\u3000",
    "\u2028",
    "A\u0308\u0323",
]
fold_texts = st.lists(st.sampled_from(FOLD_PIECES), max_size=30).map("".join)


@settings(max_examples=500)
@given(fold_texts)
def test_normalise_is_its_plain_definition(text):
    assert similarity.normalise(text) == similarity.normalise_plainly(text)


@settings(max_examples=300)
@given(st.text(max_size=300))
def test_normalise_of_any_text_is_its_plain_definition(text):
    assert similarity.normalise(text) == similarity.normalise_plainly(text)
    assert language.letter_words(text) == language._WORD.findall(text)


def test_a_text_of_many_distinct_symbols_is_translated_as_replaced():
    symbols = "".join(chr(code) for code in range(0x2190, 0x2190 + 400)) + "".join(
        chr(code) for code in range(0xC0, 0x250)
    )
    text = f"Ab {symbols} and {symbols[::-1]} x"
    assert similarity.normalise(text) == similarity.normalise_plainly(text)
    assert language.letter_words(text) == language._WORD.findall(text)


def test_every_character_folds_on_its_own_and_its_fold_stays_folded():
    # What asciiwords.split_folded needs of similarity._fold, over the whole of Unicode: each character of a fold
    # is a blank or a letter or digit that folds to itself; and a character's fold, in a text, is what the
    # plain definition makes of it there.
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        folded = similarity._fold(char)
        assert all(part == " " or (part.isalnum() and similarity._fold(part) == part) for part in folded), hex(code)
        # In a text: every character of the BMP, and beyond it those NFKD, casefold or the marks touch.
        odd = code < 0x10000 or unicodedata.decomposition(char) or char.casefold() != char
        if not char.isascii() and (odd or unicodedata.combining(char)):
            text = f"Ab{char}x {char}Y_z"
            assert similarity.normalise(text) == similarity.normalise_plainly(text), hex(code)


@pytest.mark.parametrize(
    ("fold", "words", "pattern", "around"),
    [
        (language._letter_or_blank, language.letter_words, language._WORD, "ab{c}x {c}y_z9q"),
        # The key points' words beyond ASCII (kp15), with apostrophes beside the character.
        (keypoints._word_or_blank, keypoints._words, keypoints._WORD, "ab{c}x {c}y_z9q o\u2019{c}s {c}\u2019t '{c}"),
    ],
)
def test_words_of_every_character_are_the_patterns(fold, words, pattern, around):
    for code in range(sys.maxunicode + 1):
        char = chr(code)
        kept = fold(char)
        assert kept == " " or (kept == char and not char.isspace()), hex(code)  # what split_folded needs
        if code < 0x10000:
            text = around.format(c=char)
            assert words(text) == pattern.findall(text), hex(code)


# CJK characters (3 bytes in UTF-8), accented letters and quotes (2 and 3), ASCII, a lone surrogate, an emoji (4).
_CJK_MIX = [
    "\u6771",
    "\u3042",
    "\uac00",
    "\u9fff",
    "\u3040",
    "\u00e9",
    "\u201c",
    "\u0416",
    "a",
    " ",
    ".",
    "\ud800",
    "\U0001f600",
]


@settings(max_examples=500)
@given(st.lists(st.sampled_from(_CJK_MIX), min_size=1, max_size=40).map("".join))
def test_mostly_cjk_is_the_share_of_cjk_characters_over_30_percent(text):
    assert clean._mostly_cjk(text) == (clean._cjk_share(text) > 0.3)


_ISSUER_PIECES = [
    "Acme Corp.", "Acme", "Globex Ltd", "About Acme:", "about", "is", "are", "a", "an", "the", "leading", "Leading",
    "global", "premier", "independent", "non-profit", "nonprofit", "not-for-profit", "privately", "publicly",
    "award-winning", "maker", "of", "tools", "Media contacts", "MEDIA CONTACT", "media", "###", "#", "The", "It",
    "forward-looking statements", " ", ",", ".", "\u2019", "\u0130", "\u017f",
]  # fmt: skip


# Lines shaped like an issuer's description ("About Acme: Acme Corp. is a leading maker of tools"), with pieces
# that may or may not make one.
_ISSUER_LINES = st.tuples(
    st.sampled_from(["", "About Acme: ", "about us: ", "The ", "Media "]),
    st.lists(st.sampled_from(["Acme", "Corp.", "Globex", "ACME", "3M", "it", "Its"]), min_size=1, max_size=3),
    st.sampled_from([" is ", " are ", " was ", " IS "]),
    st.sampled_from(["a ", "an ", "the ", "A "]),
    st.lists(st.sampled_from(_ISSUER_PIECES), max_size=4),
).map(lambda p: p[0] + " ".join(p[1]) + p[2] + p[3] + " ".join(p[4]))


@settings(max_examples=400, deadline=None)
@given(st.one_of(_ISSUER_LINES, st.lists(st.sampled_from(_ISSUER_PIECES), max_size=12).map(" ".join)))
def test_boilerplate_test_answers_as_the_pattern(line):
    starts = case_safe(line) and "forward-looking statements" not in line.lower()
    expected = (tail._BOILERPLATE.match if starts else tail._BOILERPLATE.search)(line) is not None
    assert tail._is_boilerplate(line) == expected


_STORE_PIECES = [
    "a",
    "The ",
    "\x00",
    "\ud800",
    "\udfff",
    "\ud83d\ude00",
    "\U0001f600",
    "\u00e9",
    "\u201c",
    "\uffff",
    "\n",
]


@settings(max_examples=500)
@given(st.lists(st.sampled_from(_STORE_PIECES), max_size=20).map("".join))
def test_storable_is_the_unstorable_patterns_answer(text):
    assert textsafe.storable(text) == (textsafe._UNSTORABLE.search(text) is None)
    assert textsafe.valid_unicode(text) == (text if textsafe.storable(text) else textsafe.valid_unicode(text))
    assert textsafe.storable(textsafe.valid_unicode(text))


def test_storable_of_every_character():
    for code in range(sys.maxunicode + 1):
        text = f"ab{chr(code)}"
        assert textsafe.storable(text) == (textsafe._UNSTORABLE.search(text) is None), hex(code)


@pytest.mark.parametrize("head", [0, 2, 98, 100, 102, 150, 1000])
@pytest.mark.parametrize("order", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_mark_is_told_whatever_comes_before_its_first_nul(head, order):
    # decode.utf16_order searches its whole sample for a NUL before counting them in each half: text whose first NUL
    # lies past a NUL-free start (here bytes that read as CJK in either order) is still told.
    data = (b"ab " * 400)[:head] + ("Harbour news today " * 100).encode(order)
    assert decode.utf16_order(data) == order


@given(st.binary(max_size=400).map(lambda data: data.replace(b"\x00", b"")))
def test_bytes_without_a_nul_are_no_utf16(data):
    assert decode.utf16_order(data) is None


# Words beyond ASCII (kp15): the key points' words of text with accents, the right single quote or other scripts
# are found by keeping or blanking each distinct character, not by the Unicode pattern.
_APOSTROPHE_PIECES = ["'", "\u2019", "''", "\u2019\u2019", "a", "\u00e9", "\u00df", "\u0301", "_", "\u65e5", "2", " "]
_APOSTROPHE_PIECES += ["\u00a0", "\u2014", ".", "-", "\ud800", "\U0001f600", "\u0416", "\u00b2", "\u2163", "\t"]


@settings(max_examples=1000)
@given(st.lists(st.sampled_from(_APOSTROPHE_PIECES), max_size=24).map("".join))
def test_keypoint_words_beyond_ascii_are_the_patterns(text):
    assert keypoints._words(text) == keypoints._WORD.findall(text)
    assert keypoints._count_words(text) == len(keypoints._WORD.findall(text.lower()))


def test_keypoint_words_beyond_ascii_do_not_run_the_pattern(monkeypatch):
    class NoPattern:
        def findall(self, text):
            raise AssertionError(f"pattern run on {text!r}")

    monkeypatch.setattr(keypoints, "_WORD", NoPattern())
    assert keypoints._words("l\u2019\u00e9t\u00e9 du caf\u00e9 \u00e0 z\u00fcrich") == [
        "l\u2019\u00e9t\u00e9",
        "du",
        "caf\u00e9",
        "\u00e0",
        "z\u00fcrich",
    ]


# Sure sentence ends (kp15): words and marks from which sentences with abbreviations, initials, day numbers,
# quotes, brackets, lost breaks and odd blanks are made.
_SENTENCE_PIECES = [
    "the", "The", "He", "They", "said", "port", "Ruiz", "Mr", "mr", "Mrs", "St", "st", "Jan", "No", "Inc", "etc",
    "U.S", "a", "I", "J", "3", "12", "2014", "Oktober", "October", "x9", "caf\u00e9", "\u00e9t\u00e9",
    ".", ".", ".", "!", "?", "..", "\u2026", '"', "'", ")", "\u2019", "\u00bb", "(", "\u201c", "-", "\u2014",
    " ", " ", " ", " ", "  ", "\t", "\n", "\u00a0", "\u3002",
]  # fmt: skip


@settings(max_examples=3000)
@given(st.lists(st.sampled_from(_SENTENCE_PIECES), max_size=40).map("".join))
def test_sentences_of_sure_pieces_are_the_texts_sentences(text):
    pieces = sentences.sure_pieces(text)
    assert " ".join(pieces) == text  # cut at single blanks, which belong to neither piece
    assert [s for piece in pieces for s in sentences.split_sentences(piece)] == sentences.split_sentences(text)


def test_sure_pieces_cut_at_plain_ends_only():
    assert sentences.sure_pieces("It rained all day. The port shut! Then? \u201cNo.\u201d Ruiz left 2014. Next") == [
        "It rained all day.",
        "The port shut!",
        "Then? \u201cNo.\u201d",  # an opening quote: the next word's case is not read here
        "Ruiz left 2014.",
        "Next",
    ]
    for one in ("Mr. Smith came", "met J. Smith", "the U.S. The", "am 12. Oktober", "a St. Louis man", "it. the"):
        assert sentences.sure_pieces(one) == [one]
    assert sentences.sure_pieces("Caf\u00e9 au lait\u00e9. Then") == ["Caf\u00e9 au lait\u00e9.", "Then"]
    # Over several lines a cut would shorten a line into a heading: "Short bit" alone would end a block.
    lines = "A port " + "and a port " * 6 + "ends here. Short bit\nNext line"
    assert sentences.sure_pieces(lines) == [lines]
    assert sentences.split_sentences(lines)[-1] == "Short bit Next line"


def test_sure_pieces_of_a_long_run_of_stops_take_linear_time():
    started = time.process_time()
    assert sentences.sure_pieces("." * 200_000 + " The end") == ["." * 200_000, "The end"]
    assert sentences.sure_pieces("?." * 100_000 + "x") == ["?." * 100_000 + "x"]
    assert time.process_time() - started < 2.0  # tried from every stop of the run: minutes


_HIT_SENTENCES = [
    "Mayor Ruiz said the port reopened.",
    "The port said it would. Ruiz left.",
    "Ruiz met Ruiz at the port!",
    "Mr. Ruiz saw St. Louis and the port.",
    "The port\u2019s caf\u00e9 shut.",
    "\u201cThe port is shut.\u201d He left",
    "The port reopened on Friday The mayor said the port",
]


@settings(max_examples=300)
@given(st.lists(st.sampled_from(_HIT_SENTENCES), min_size=1, max_size=8), st.sampled_from([" ", "  ", "\n"]))
def test_sentence_hits_are_each_sentences_wanted_words_once(parts, blank):
    paragraph = blank.join(parts)
    stems = keypoints._stems(keypoints._words(paragraph.lower()))
    wanted = {keypoints.stem("port"), keypoints.stem("ruiz"), keypoints.stem("mayor"), keypoints.stem("shut")}
    expected = Counter(
        word
        for raw in sentences.split_sentences(paragraph)
        for word in set(keypoints._wanted_stems(keypoints._words(raw.lower()), wanted, raw.isascii()))
    )
    assert Counter(keypoints._sentence_hits(paragraph, stems, wanted)) == expected


def test_sentence_hits_split_only_pieces_with_a_repeated_word(monkeypatch):
    split: list[str] = []

    def spy(text):
        split.append(text)
        return sentences.split_sentences(text)

    monkeypatch.setattr(keypoints, "split_sentences", spy)
    paragraph = "The port shut. Ruiz met Ruiz at the port. The mayor left."
    stems = keypoints._stems(keypoints._words(paragraph.lower()))
    wanted = {keypoints.stem("port"), keypoints.stem("ruiz")}
    assert Counter(keypoints._sentence_hits(paragraph, stems, wanted)) == {keypoints.stem("port"): 2, "ruiz": 1}
    assert split == ["Ruiz met Ruiz at the port."]


# Pastedcpu25: the key points' and the line kinds' fast paths of the fourth session (bench/README.md, "Reader and key
# points CPU"). Sentences made of what wakes each test: the announcements and no-comment sentences in their
# languages, the characters re.IGNORECASE folds onto ASCII letters, accents, curly quotes, CJK, Thai, Khmer.
_POINT_PIECES = [
    "Here's", "here is", "HERE ARE", "And here's", "\u017fo funktioniert", "So", "Das", "das m\u00fcssen Sie wissen",
    "Voici ce qu'il faut savoir", "Esto es lo que", "as\u00ed funciona", "Ecco come", "Veja o que", "what", "how",
    "it works", "The authority", "declined to comment", "did not immediately respond to a request for comment",
    "wollte sich nicht \u00e4u\u00dfern", "reached", "comments", "\u0130", "\u0131", "\u212a", "caf\u00e9", "\u201c",
    "\u2019", "\u6771\u4eac\u4f1a\u8b70", "\u3072\u3089\u304c\u306a", "\u0e02\u0e13\u0e30\u0e17\u0e35\u0e48",
    "\u1780\u1798\u17d2\u1796\u17bb\u1787\u17b6", "\u0416\u0438\u0437\u043d\u044c", " ", " ", "  ", ".", "!", "?", "'",
]  # fmt: skip
_point_sentences = st.lists(st.sampled_from(_POINT_PIECES) | st.text(max_size=6), max_size=16).map(" ".join)


def test_announcements_open_with_the_characters_the_pattern_can_match():
    from pattern_support import first_characters

    assert first_characters(pointfilter._ANNOUNCES) == pointfilter._ANNOUNCE_FIRSTS


@settings(max_examples=400)
@given(_point_sentences)
def test_tells_no_story_is_its_plain_definition(sentence):
    plain = len(sentence.split()) <= pointfilter._ANNOUNCE_WORDS and pointfilter._ANNOUNCES.match(
        sentence.lstrip(" \"'\u201c\u2018")
    )
    assert pointfilter.tells_no_story(sentence) == bool(plain or pointfilter.says_no_comment(sentence))


def test_a_sentence_opening_with_no_announcements_letter_is_spared_the_pattern(monkeypatch):
    class NoPattern:
        def match(self, text):
            raise AssertionError(f"pattern run on {text!r}")

    monkeypatch.setattr(pointfilter, "_ANNOUNCES", NoPattern())
    assert not pointfilter.tells_no_story("\u201cThe ferry sails again on Monday,\u201d the operator said.")
    assert not pointfilter.tells_no_story("Officials in Porto approved the plan.")


def _plain_word_count(text: str) -> int:
    """keypoints.word_count before its one-scan test (the two counts of every text beyond ASCII)."""
    n = len(text.split())
    if text.isascii():
        return n
    n += len(keypoints._UNSPACED_CHAR.findall(text)) // 2
    letters = len(keypoints._PHRASED_CHAR.findall(text))
    if not letters:
        return n
    phrases = sum(1 for word in text.split() if keypoints._PHRASED_CHAR.search(word))
    return n - phrases + max(phrases, letters // keypoints._PHRASED_WORD)


@settings(max_examples=400)
@given(_point_sentences | st.text())
def test_keypoint_word_count_is_its_plain_definition(text):
    assert keypoints.word_count(text) == _plain_word_count(text)


def test_keypoint_word_count_of_accented_and_quoted_text_counts_no_characters_apart(monkeypatch):
    class NoPattern:
        def findall(self, text):
            raise AssertionError(f"pattern run on {text!r}")

    monkeypatch.setattr(keypoints, "_UNSPACED_CHAR", NoPattern())
    monkeypatch.setattr(keypoints, "_PHRASED_CHAR", NoPattern())
    assert keypoints.word_count("\u201cL\u2019\u00e9t\u00e9 \u00e0 Z\u00fcrich,\u201d dit-elle.") == 4


@given(
    st.lists(st.sampled_from(["the", "harbour", "pilots", "a", "quay", "\u00e9t\u00e9", "x" * 101]), max_size=6),
    st.data(),
)
def test_known_stems_are_the_dicts_lookups_in_order(words, data):
    """The stems of known words, looked up in one C loop (itemgetter), are each word's lookup; any unknown word
    raises KeyError as the lookup of that word would (0, 1 and several words: itemgetter of one gives no tuple)."""
    known = {word: keypoints._stem_or_none(word) for word in words if data.draw(st.booleans())}
    saved = dict(keypoints._STEMS)
    keypoints._STEMS.clear()
    keypoints._STEMS.update(known)
    try:
        if all(word in known for word in words):
            assert keypoints._known_stems(words) == [known[word] for word in words]
        else:
            with pytest.raises(KeyError):
                keypoints._known_stems(words)
        assert keypoints._stems(words) == [keypoints._stem_or_none(word) for word in words]
    finally:
        keypoints._STEMS.clear()
        keypoints._STEMS.update(saved)


def test_new_words_are_stemmed_once_and_looked_up_after(monkeypatch):
    stemmed: list[str] = []
    plain_stem = keypoints.stem

    def counted(word: str) -> str:
        stemmed.append(word)
        return plain_stem(word)

    monkeypatch.setattr(keypoints, "stem", counted)
    monkeypatch.setattr(keypoints, "_STEMS", {"harbour": "harbour"})
    words = ["the", "harbour", "pilots", "pilots", "quayside", "a"]
    expected = [keypoints._stem_or_none(word) for word in words]
    stemmed.clear()
    assert keypoints._stems(words) == expected
    assert sorted(stemmed) == ["pilots", "quayside"]
    stemmed.clear()
    assert keypoints._content("Quayside pilots.") == [expected[4], expected[2]]  # known now: looked up, not stemmed
    assert stemmed == []
    long_word = "x" * (keypoints._LONGEST_WORD + 1)  # never kept: stemmed each time it is asked
    words = [*words, long_word]
    assert keypoints._stems(words) == keypoints._stems(words) == [keypoints._stem_or_none(word) for word in words]


@settings(max_examples=400)
@given(st.lists(st.sampled_from([*_SENTENCE_PIECES, ";", "; ", "\u03a4\u03b9", "\u03c0\u03bf\u03cd;"]), max_size=40))
def test_a_block_without_a_semicolon_ends_sentences_where_the_semicolon_test_would(parts):
    block = "".join(parts)
    for match in sentences._CANDIDATE.finditer(block):
        assert sentences._is_end(block, match, ";" in block) == sentences._is_end(block, match)


_PAYWALL_PIECES = [
    "Subscribe", "to continue reading", "This article is for subscribers only", "\u6709\u6599\u4f1a\u54e1",
    "\u7d9a\u304d\u3092\u304a\u8aad\u307f", "caf\u00e9", "the", "\u212a", " ", ".",
]  # fmt: skip


@settings(max_examples=400)
@given(st.lists(st.sampled_from(_PAYWALL_PIECES) | st.text(max_size=5), max_size=12).map(" ".join))
def test_paywall_notice_is_its_plain_definition(line):
    from bot.text import walls
    from bot.text.linepatterns import contains_any

    plain = len(line) <= walls._PAYWALL_LINE and contains_any(line.lower(), walls._PAYWALL_HINTS)
    assert walls.is_paywall_notice(line) == bool(plain and walls.PAYWALL.search(line))


_CLASS_PIECES = [
    "the", "The", "T", "x", "U.S", "12", ".", ".", "!", "?", "..", ";", '"', "'", ")", "]", " ", " ", "  ", "\t",
    "\u00a0", "\u201d", "\u00e9", "\u2026",
]  # fmt: skip


@settings(max_examples=1000)
@given(st.lists(st.sampled_from(_CLASS_PIECES), max_size=30).map("".join) | st.text(max_size=40))
def test_glued_and_sure_end_read_in_classes_are_the_patterns(text):
    """In an ASCII text's character classes the patterns match where the plain ones do; beyond ASCII, the plain."""
    glued = sentences._GLUED.search(text) is not None
    assert sentences._may_be_glued(text) == glued if text.isascii() else sentences._may_be_glued(text) or not glued
    if text.isascii():
        classes = sentences._classes(text)
        assert [m.span() for m in sentences._SURE_END_CLASSES.finditer(classes)] == [
            m.span() for m in sentences._SURE_END.finditer(text)
        ]


class _Refused:
    """A pattern that must not be asked: the fast path answers without it."""

    def __getattr__(self, name):
        raise AssertionError(f"the pattern's {name} was asked")


def test_ascii_text_is_not_scanned_by_the_patterns_opening_with_a_set(monkeypatch):
    text = "The port reopened on Friday. Ruiz said 12.5 percent more ships came! Mr. Ruiz left."
    expected = (sentences.sure_pieces(text), sentences.split_sentences(text))
    monkeypatch.setattr(sentences, "_SURE_END", _Refused())
    monkeypatch.setattr(sentences, "_GLUED", _Refused())
    assert (sentences.sure_pieces(text), sentences.split_sentences(text)) == expected


def test_fold_twins_are_every_character_latin1_folding_does_not_fold_as_casefold():
    from bot.text import walls

    for code in range(sys.maxunicode + 1):
        char = chr(code)
        if char in walls._FOLD_TWINS:
            continue
        folded = char.casefold()
        if code < 256:
            assert chr(walls._LATIN_FOLD[code]) == folded, hex(code)
        else:
            assert min(folded) > "\xff", hex(code)  # folds to characters no Latin-1 hint holds


def test_consent_hints_are_latin1_and_each_holds_a_stem():
    from bot.text import walls

    for hint in walls._CONSENT_HINTS:
        assert max(hint) <= "\xff"
        assert "?" not in hint
        assert [stem for stem, hints in walls._CONSENT_HINT_GROUPS if hint in hints or hint == stem]


_CONSENT_PIECES = [
    "Cookie", "COOKIES", "consent", "Privacy", "PRIV\u00c9E", "Donn\u00e9es", "DONN\u00c9ES", "Datenschutz", "dati",
    " personali", "DATI PERSONALI", "partner", "the", "x", " ", "\u201c", "\u201d", "\u2019", "\u00e9", "\u00c9",
    "\u00df", "\u1e9e", "\u00b5", "\u212a", "\u0130", "\ufb01", "\ufb06", "zu", "timmung", "\u017f", "?", "\u0416",
    "\u65e5", "\u00a0",
]  # fmt: skip


def _plain_consent_notice(paragraphs):
    """is_consent_notice as first written: the text's full case fold searched for every hint."""
    from bot.text import walls

    total = sum(len(p) for p in paragraphs)
    if not total or total > walls._CONSENT_CHARS:
        return False
    folded = " ".join(paragraphs).casefold()
    if not any(hint in folded for hint in walls._CONSENT_HINTS):
        return False
    ideas: set[str] = set()
    consent = 0
    for paragraph in paragraphs:
        named = {m.casefold().rstrip("s") for m in walls._CONSENT.findall(paragraph)}
        ideas |= named
        if len(named) >= walls._PARAGRAPH_IDEAS:
            consent += len(paragraph)
    return len(ideas) >= walls._CONSENT_IDEAS and consent >= walls._CONSENT_SHARE * total


@settings(max_examples=1000)
@given(st.lists(st.sampled_from(_CONSENT_PIECES), max_size=20).map("".join) | st.text(max_size=60))
def test_hints_of_the_latin1_fold_are_the_case_folds(text):
    from bot.text import walls

    folded = walls._folded_for_hints(text)
    assert [h for h in walls._CONSENT_HINTS if h in folded] == [h for h in walls._CONSENT_HINTS if h in text.casefold()]


@settings(max_examples=300)
@given(st.lists(st.lists(st.sampled_from(_CONSENT_PIECES), max_size=12).map("".join), min_size=1, max_size=4))
def test_consent_notice_is_its_plain_definition(paragraphs):
    from bot.text import walls

    assert walls.is_consent_notice(paragraphs) == _plain_consent_notice(paragraphs)
    dialog = [*paragraphs, "We use cookies and share personal data with our partners. Accept all or reject all."]
    assert walls.is_consent_notice(dialog) == _plain_consent_notice(dialog)


def test_consent_hints_are_looked_for_in_one_byte_a_character():
    """A short article with curly quotes is searched as Latin-1 text, not folded in full (two bytes a character)."""
    from bot.text import walls

    text = "\u201cWe met the partners,\u201d she said. The Caf\u00c9 opened \u2014 at last."
    assert walls._folded_for_hints(text) == "?we met the partners,? she said. the caf\u00e9 opened ? at last."
    assert walls.is_consent_notice(["We use cookies and personal data.", "Our partners store cookies. Privacy."])


_CURLY_PIECES = ["\u2019", "\u2019\u2019", "don", "t", "O", "neil", "2019", "s", " ", "\u201c", "\u201d", "\u2014"]
_CURLY_PIECES += ["\u00a0", "\u2026", "-", ".", "_", "'", "\u00e9"]


@settings(max_examples=1000)
@given(st.lists(st.sampled_from(_CURLY_PIECES), max_size=24).map("".join))
def test_keypoint_words_with_curly_apostrophes_are_the_patterns(text):
    lower = text.lower()
    assert keypoints._words(lower) == keypoints._WORD.findall(lower)
    assert keypoints._count_words(text) == len(keypoints._WORD.findall(lower))


def test_keypoint_words_with_curly_apostrophes_are_read_as_ascii(monkeypatch):
    """A copy whose only characters beyond ASCII are curly quotes and dashes is not folded character by character."""

    def refused(*args):
        raise AssertionError("folded character by character")

    monkeypatch.setattr(keypoints, "split_folded", refused)
    text = "\u201cit\u2019s the port\u2019s\u201d \u2014 o\u2019neill didn\u2019t say"
    assert keypoints._words(text) == ["it\u2019s", "the", "port\u2019s", "o\u2019neill", "didn\u2019t", "say"]
    assert keypoints._words("the port\u2019 \u2019s") == ["the", "port", "s"]  # loose ones: the pattern's reading


_PLAIN_TEXT_PIECES = [
    "The", "port", "reopened.", " ", "  ", "\t", "\n", "\n\n", "\n \n", "\r", "\r\n", "\x0b", "\x0c", "\x85",
    "\u2028", "\u2029", "\u200b", "\u00a0", "\u3000", "\u2003", "\x1c", "\x1f", "\u201c", "\u00e9",
]  # fmt: skip


def _plain_text_to_paragraphs(text):
    """text_to_paragraphs as first written: a pattern for the other breaks, one for the runs of white space."""
    from bot.text import paragraphs

    if "\r" in text:
        text = text.replace("\r\n", "\n")
    if re.search("[\r\x0b\x0c\x85\u2028\u2029]", text) is not None:
        text = text.translate(paragraphs._LINE_BREAKS)
    blocks = (paragraphs._SPACE.sub(" ", block).strip() for block in paragraphs._BLANK_LINE.split(text))
    return [block for block in blocks if block]


@settings(max_examples=1000)
@given(st.lists(st.sampled_from(_PLAIN_TEXT_PIECES), max_size=30).map("".join) | st.text(max_size=60))
def test_text_to_paragraphs_is_its_plain_definition(text):
    from bot.text.paragraphs import text_to_paragraphs

    assert text_to_paragraphs(text) == _plain_text_to_paragraphs(text)


def test_text_to_paragraphs_collapses_blanks_without_the_pattern(monkeypatch):
    """The words are joined: the white space pattern is not run (one match and replacement a word)."""
    from bot.text import paragraphs

    monkeypatch.setattr(paragraphs, "_SPACE", _Refused())
    assert paragraphs.text_to_paragraphs("The port\n reopened  on\tFriday.\n\n\u201cAt last,\u201d she said.") == [
        "The port reopened on Friday.",
        "\u201cAt last,\u201d she said.",
    ]


def _hint_texts(hints):
    """Text made of pieces of ``hints`` (their halves, cut anywhere), words, blanks and characters beyond ASCII."""
    pieces = [hint[:cut] for hint in hints for cut in range(1, len(hint) + 1)]
    pieces += [hint[cut:] for hint in hints for cut in range(len(hint))]
    return st.lists(st.sampled_from([*pieces, " ", "the ", "x", "\u00e9", "\u201c", "\u65e5"]) | st.text(), max_size=12)


@settings(max_examples=500)
@given(st.data())
def test_grouped_hints_are_found_where_any_hint_is(data):
    """contains_any_grouped of the groups hint_groups makes answers contains_any of the hints, for every hint set
    grouped so (the key points' cruft hints, the consent notice's)."""
    from bot.text import pointfilter, walls
    from bot.text.linepatterns import contains_any, contains_any_grouped

    for hints, groups in (
        (pointfilter._CRUFT_HINTS, pointfilter._CRUFT_HINT_GROUPS),
        (walls._CONSENT_HINTS, walls._CONSENT_HINT_GROUPS),
    ):
        text = "".join(data.draw(_hint_texts(hints)))
        assert contains_any_grouped(text, groups) == contains_any(text, hints)
        for hint in hints:
            assert contains_any_grouped(f"a {hint} b", groups)


def test_hint_groups_hold_every_hint_once_or_refuse():
    from bot.text.linepatterns import hint_groups

    groups = hint_groups(("cookie", "consent", "consenso", "priv"), ("cons", "cookie", "priv"))
    assert groups == (("cons", ("consent", "consenso")), ("cookie", ()), ("priv", ()))
    with pytest.raises(ValueError, match="oath"):
        hint_groups(("cookie", "oath"), ("cookie",))


def test_a_sentence_without_cruft_hints_is_scanned_for_the_shared_pieces_only():
    """25 scans of a plain sentence (each group's piece), not one per hint (45)."""
    from bot.text import pointfilter
    from bot.text.linepatterns import contains_any_grouped

    scanned: list[str] = []

    class Counted(str):
        def __contains__(self, part: object) -> bool:
            scanned.append(str(part))
            return super().__contains__(part)  # type: ignore[operator]

    sentence = Counted("the harbour board voted to keep the ferry running on sundays.")
    assert not contains_any_grouped(sentence, pointfilter._CRUFT_HINT_GROUPS)
    assert len(scanned) == len(pointfilter._CRUFT_HINT_GROUPS) < len(pointfilter._CRUFT_HINTS)
    assert not pointfilter.is_cruft(str(sentence))
