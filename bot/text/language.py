"""The language of an article: a page's own declaration when it makes one, else a guess from its words.

Two steps, no model and no dependency. Letters of a script only one language here writes (kana, hangul, Thai,
Greek, Hebrew, ...) decide at once. Latin and Cyrillic text is scored against short lists of each language's
commonest function words: a word counts 1/k towards each of the k languages whose list holds it, so "de" or
"a" (shared by many) weigh little and "the", "und", "của" much. The best language must be ahead of the next
by a margin and its words must be a fair share of the text; otherwise the answer is None (unknown), which
search treats as "no stemming, accents folded". Only the first 1,200 characters are read.
"""

from __future__ import annotations

import functools
import re
from collections import Counter

from bot.text.asciiwords import kept_bytes, split_ascii, split_folded

__all__ = ["article_language", "declared_language", "detect_language", "normalise_language"]

SAMPLE_CHARS = 1200
# A guess needs this many weighted function words, this share of the words read, and this lead over the next.
_MIN_SCORE = 2.5
_MIN_SHARE = 0.06
_MIN_LEAD = 1.5

_FUNCTION_WORDS: dict[str, str] = {
    "en": "the of and to in is that for it was on with as by at from this be are have has not but an which or were"
    " their been they its his her he she will would who had said after about into more than",
    "de": "der die und das ist nicht ein eine zu den von mit sich des auf für im dem auch es werden aus er sie nach"
    " wird bei einer sind noch wie über einen zum haben nur oder aber vor zur durch wurde sei ich wir",
    "fr": "le la les et des est du une que en pour qui dans pas au aux ce il ils elle sont avec sur par mais plus"
    " comme nous été leur cette être ont était aussi ses où",
    "es": "el la los las de que y en del se por un una para con no es su al lo como más pero sus ya este fue ha"
    " entre cuando muy sobre también hasta desde está son",
    "pt": "o a os as de que e do da em um uma para com não é no na se por mais dos das ao como foi mas ele tem seu"
    " sua já também são pelo pela ser está",
    "it": "il la di che e è per un una non in del della dei gli le con sono si da al nel anche come più ma questo"
    " alla nella suo ha delle degli",
    "nl": "de het een en van is dat op te in niet zijn met voor die er aan ook als bij maar door om dan wordt werd"
    " naar nog wel deze heeft hij",
    "sv": "och att det som en är på för med av den till inte har de om ett var jag men så från kan vi eller sig"
    " hade också efter",
    "da": "og at det er en af til på for med den som ikke de har var et kan om fra men vi sig efter også blev være",
    "no": "og i det er en til på som for med av at ikke har den de var et seg om fra men også kan ble etter",
    "fi": "ja on ei se että oli hän kun mutta myös tai ovat joka sen siitä mukaan kanssa vuonna ole jo niin sekä"
    " olla kuin nyt",
    "pl": "i w na z się nie do to że jest o jak po co ale od przez dla tym jego są już być tak może został które",
    "cs": "a se na v je to že s z do o jako ale by jsou pro které byl tak už podle jeho nebo bylo také při jen když",
    "tr": "ve bir bu da de için ile çok olarak daha en gibi ama olan sonra kadar değil ne var her ise göre ancak",
    "id": "yang dan di dari ini itu dengan untuk tidak dalam akan pada juga ke ada karena oleh bisa atau sudah"
    " saat mereka kami",
    "ro": "și în de la cu a pe nu să că din o care pentru este mai au fost sunt sau ca dar se",
    "hu": "a az és hogy nem is egy meg el van ezt de már csak mint volt még ha ki azt vagy",
    "ca": "el la i de que els les en un una per amb no és del al com més però es va ha són",
    "lv": "un ir ar uz no par kas ka bet arī to tas vai lai kā jau pēc viņš bija tika",
    "lt": "ir į kad su iš tai yra buvo bet ar kaip jo dėl už apie taip nuo po",
    "vi": "của và các là có trong được cho không người những này với một đã khi để cũng từ",
    "ru": "и в не на что он с как а то все она так его но к у же за бы по только ее было от еще нет о из когда"
    " даже уже или быть был до они где есть для мы их чем была без будет кто этот при после это также",
    "uk": "і в на що не з та до як у це за й від його але про для вже є було її він вона які також щоб після",
    "bg": "и на в за да се от че е с по са не като това но ще към му й си след които през",
}
_WORD = re.compile(r"[^\W\d_]+")
# _WORD on ASCII text: its letters (bytes.translate and split give the same runs ~10 times faster); the bytes of
# other characters kept, for split_folded.
_LETTERS = kept_bytes("").translate(bytes.maketrans(b"0123456789", b" " * 10))


def letter_words(lowered: str) -> list[str]:
    """Return :data:`_WORD`'s words of lower-cased text (the ASCII fast path where the text allows it)."""
    if lowered.isascii():
        return split_ascii(lowered, _LETTERS)
    return split_folded(lowered, _LETTERS, _letter_or_blank)


def _letter_or_blank(char: str) -> str:
    """Return ``char`` where :data:`_WORD` takes it into a word, else a blank (``asciiwords.split_folded``)."""
    return char if _WORD.fullmatch(char) else " "


def _weights() -> dict[str, dict[str, float]]:
    holders: dict[str, list[str]] = {}
    for language, words in _FUNCTION_WORDS.items():
        for word in set(words.split()):
            holders.setdefault(word, []).append(language)
    return {word: {lang: 1.0 / len(langs) for lang in langs} for word, langs in holders.items()}


_WEIGHTS = _weights()

# Scripts written by one language in the set we tell apart (Han alone: Chinese; with kana: Japanese).
_SCRIPT_CLASSES = (
    ("el", "\u0370-\u03ff"),
    ("hy", "\u0530-\u058f"),
    ("he", "\u0590-\u05ff"),
    ("ar", "\u0600-\u06ff"),
    ("hi", "\u0900-\u097f"),
    ("bn", "\u0980-\u09ff"),
    ("ta", "\u0b80-\u0bff"),
    ("th", "\u0e00-\u0e7f"),
    ("my", "\u1000-\u109f"),
    ("ka", "\u10a0-\u10ff"),
    ("ja", "\u3040-\u30ff"),
    ("ko", "\uac00-\ud7af"),
    ("zh", "\u4e00-\u9fff"),
)


@functools.cache
def _scripts() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Return each language of :data:`_SCRIPT_CLASSES` with its class compiled.

    Compiled when a text first holds such letters, not at import: the wide classes (Han, Hangul) took ~15 ms at
    each start.
    """
    return tuple((language, re.compile(f"[{chars}]")) for language, chars in _SCRIPT_CLASSES)


_OTHER_SCRIPT = re.compile(
    "[\u0370-\u03ff\u0530-\u06ff\u0900-\u09ff\u0b80-\u0bff\u0e00-\u0e7f\u1000-\u10ff\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]"
)
_LETTER = re.compile(r"[^\W\d_]")
_PERSIAN = re.compile("[\u067e\u0686\u0698\u06af\u06a9\u06cc]")


def _script_language(sample: str) -> str | None:
    """Return the language a non-Latin, non-Cyrillic script names, when such letters are a fair part of the text."""
    if _OTHER_SCRIPT.search(sample) is None:
        return None
    letters = len(_LETTER.findall(sample))
    counts = {language: len(pattern.findall(sample)) for language, pattern in _scripts()}
    if letters == 0:
        return None
    if counts["ja"] >= 0.05 * letters:  # kana among Han characters: Japanese
        return "ja"
    language = max(counts, key=lambda key: counts[key])
    count = counts[language]
    if count < 0.3 * letters:
        return None
    if language == "ar" and len(_PERSIAN.findall(sample)) > 0.02 * count:
        return "fa"
    return language


def detect_language(*texts: str) -> str | None:
    """Return the ISO 639-1 code of the language ``texts`` are written in, or None when unsure."""
    parts: list[str] = []
    left = SAMPLE_CHARS
    for text in texts:
        if left <= 0:
            break
        parts.append(text[:left])
        left -= len(parts[-1]) + 1
    sample = " ".join(parts)
    if not sample.isascii():
        by_script = _script_language(sample)
        if by_script is not None:
            return by_script
    scores: dict[str, float] = {}
    found = letter_words(sample.lower())
    weights = _WEIGHTS
    # Only the function words, counted in the order they first occur (so the sums are added in the same order).
    for word, count in Counter(filter(weights.__contains__, found)).items():
        for language, weight in weights[word].items():
            scores[language] = scores.get(language, 0.0) + weight * count
    words = len(found)
    if not scores:
        return None
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    best, score = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if score < _MIN_SCORE or score < _MIN_SHARE * words or score < _MIN_LEAD * runner_up:
        return None
    return best


# Codes pages write that ISO 639-1 spells otherwise (old codes, Norwegian's written forms).
_ALIASES = {"iw": "he", "in": "id", "ji": "yi", "nb": "no", "nn": "no", "jw": "jv", "mo": "ro"}
_TAG = re.compile(r"\s*([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]{1,8})*\s*$")


def normalise_language(tag: str | None) -> str | None:
    """Return the ISO 639-1 code of a language tag ("en-GB", "pt_BR", "de"), or None if it names none."""
    if not tag:
        return None
    match = _TAG.match(tag[:40].split(",")[0])
    if match is None:
        return None
    code = match.group(1).lower()
    code = _ALIASES.get(code, code)
    return code if len(code) == 2 else None


def declared_language(*tags: str | None) -> str | None:
    """Return the first of ``tags`` (best evidence first) that names a language, as an ISO 639-1 code."""
    for tag in tags:
        code = normalise_language(tag)
        if code is not None:
            return code
    return None


def article_language(declared: str | None, title: str, body: str) -> str | None:
    """Return the language an article is stored with: what its source declares, unless its words say otherwise.

    A confident guess from the text wins over a declaration: on the development pages every declaration the
    text contradicted was a site template's ``lang="en"`` on German or French articles (bench/README.md).
    """
    guess = detect_language(title, body)
    return guess if guess is not None else normalise_language(declared)
