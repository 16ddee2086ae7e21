"""Month names, weekday names and time-zone abbreviations that dates on news pages use.

Month names come from dateparser's locale data (the CLDR names of each language, with their genitive and
abbreviated forms: "ноября", "maio", "März", "lis.") for the languages below, plus a few spellings it lacks.
Only the names are borrowed: running dateparser on every line costs milliseconds, the scanner in
bot.text.dates microseconds. They are read from dateparser once, into ``monthwords.json`` beside this module
(``python -m bot.text.datewords`` writes it again; a test checks it is dateparser's answer): importing dateparser
and its locales cost every process ~60 ms of CPU at start-up (an ingest, each command), for a fixed table.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from bot.text.asciiwords import ascii_separated

# Languages whose pages write "4 May 2015" / "May 4, 2015" with a month word. Japanese, Chinese and Korean
# write numbers with 年/月/日 (년/월/일) and have their own pattern in bot.text.dates.
_LANGUAGES = (
    "en", "de", "fr", "es", "pt", "it", "nl", "ru", "uk", "pl", "cs", "sk", "sv", "da", "nb", "fi", "tr", "ro",
    "id", "ca", "hu", "el", "bg", "sr", "hr", "lv", "lt", "et", "sl", "ar", "he", "fa", "ur", "hi", "bn",
    "ta", "th", "lo", "km", "fil", "sw", "ms",
)  # fmt: skip
_MONTH_KEYS = (
    "january", "february", "march", "april", "may", "june",
    "july", "august", "september", "october", "november", "december",
)  # fmt: skip
# A month word is a run of letters: names of one or two letters, with spaces or digits, or Roman numerals
# ("v", "xi", written by some locales) would read ordinary words as months.
# Devanagari's, Bengali's and Tamil's vowel signs are marks, not letters, to Python's classes: "नवंबर" and
# "டிசம்பர்" need them.
INDIC_MARKS = "\u0900-\u0903\u093a-\u094f\u0962\u0963\u0981-\u0983\u09bc-\u09d7\u09e2\u09e3\u0b82\u0bbe-\u0bcd\u0bd7"
# So are Thai's, Lao's and Khmer's ("ธันวาคม", "ທັນວາ", "ធ្នូ"; their words are written without spaces, so a month
# is read where its name stands alone between spaces or digits: "5 ธันวาคม 2569"). Burmese's months are not read
# yet: its date line becomes a date to the line kinds, which moves the headline model's rows (a refit round).
PHRASED_MARKS = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e\u0eb1\u0eb4-\u0ebc\u0ec8-\u0ecd\u17b4-\u17d3\u17dd"
# The Levant's Arabic month names (Syria, Lebanon, Jordan, Iraq, Palestine; dateparser knows only Egypt's and the
# Gulf's "يناير" ...), with and without the hamza. Four are two words ("كانون الثاني", "تشرين الأول"), and August's
# "آب", Hindi's May "मई" and Tamil's "மே" are two letters: no run of three or more letters spells these, so
# MONTH_WORD names them.
_LEVANT_MONTHS = {
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "اذار": 3, "نيسان": 4, "أيار": 5, "ايار": 5, "حزيران": 6,
    "تموز": 7, "آب": 8, "أيلول": 9, "ايلول": 9, "تشرين الأول": 10, "تشرين الاول": 10, "تشرين الثاني": 11,
    "كانون الأول": 12, "كانون الاول": 12,
}  # fmt: skip
_NAMED_MONTHS = {name: month for name, month in _LEVANT_MONTHS.items() if " " in name or len(name) < 3} | {
    "मई": 5,
    "மே": 5,
}
# "آب" is also Persian and Urdu for "water" ("آب 5 درصد"): it is read as August only before a year.
_NAMED_MONTH = "|".join(
    rf"{name}(?=\s+(?:19|20)\d\d)" if name == "آب" else name for name in sorted(_NAMED_MONTHS, key=len, reverse=True)
)
# Thai papers abbreviate a month as two initials with dots ("5 ธ.ค. 2569"); bot.text.dates' Thai pattern reads
# them (its own pattern: a Thai date's year is the Buddhist Era's, "69" or "2569").
THAI_ABBREVIATIONS = {
    "ม.ค.": 1, "ก.พ.": 2, "มี.ค.": 3, "เม.ย.": 4, "พ.ค.": 5, "มิ.ย.": 6, "ก.ค.": 7, "ส.ค.": 8, "ก.ย.": 9,
    "ต.ค.": 10, "พ.ย.": 11, "ธ.ค.": 12,
}  # fmt: skip
MONTH_WORD = rf"(?:{_NAMED_MONTH}|(?:[^\W\d_]|[{INDIC_MARKS}{PHRASED_MARKS}]){{3,15}})"
_NAME = re.compile(rf"(?:[^\W\d_]|[{INDIC_MARKS}{PHRASED_MARKS}]){{3,15}}")
_ROMAN = re.compile(r"[ivxlc]+")
# Abbreviations that are common words of another language on the same pages ("sie": German "she"; Filipino's
# June "hun": Danish and Norwegian "she"; Swahili's and Malay's March "mac": "Mac 2026" names a computer).
_NOT_MONTHS = frozenset({"sie", "hun", "mac"})

_MONTH_NAMES: dict[int, tuple[str, ...]] = {
    # English first; then the Western European languages and Indonesian, whose pages write dates the same way.
    1: ("january", "jan", "januar", "janvier", "janv", "enero", "ene", "janeiro", "gennaio", "gen", "januari"),
    2: (
        "february",
        "feb",
        "februar",
        "février",
        "fevrier",
        "févr",
        "febrero",
        "fevereiro",
        "fev",
        "febbraio",
        "februari",
        "pebruari",
    ),
    3: ("march", "mar", "märz", "maerz", "mars", "marzo", "março", "marco", "maret", "maart"),
    4: ("april", "apr", "avril", "avr", "abril", "abr", "aprile"),
    5: ("may", "mai", "mayo", "maio", "maggio", "mei", "mag"),
    6: ("june", "jun", "juni", "juin", "junio", "junho", "giugno", "giu"),
    7: ("july", "jul", "juli", "juillet", "juil", "julio", "julho", "luglio", "lug"),
    8: ("august", "aug", "août", "aout", "agosto", "ago", "agustus", "augustus"),
    9: ("september", "sep", "sept", "septembre", "septiembre", "setembro", "set", "settembre"),
    10: ("october", "oct", "oktober", "okt", "octobre", "octubre", "outubro", "out", "ottobre", "ott"),
    11: ("november", "nov", "novembre", "noviembre", "novembro", "nopember"),
    12: (
        "december",
        "dec",
        "dezember",
        "dez",
        "décembre",
        "decembre",
        "déc",
        "diciembre",
        "dic",
        "dezembro",
        "dicembre",
        "desember",
        "des",
    ),
}


LOCALE_MONTHS_FILE = Path(__file__).with_name("monthwords.json")


def locale_months() -> dict[str, int]:
    """Return month word -> number from dateparser's locales (imports dateparser: ``monthwords.json`` holds this).

    A word two languages give different months ("listopad": November in Polish and Czech, October in
    Croatian) keeps the month of the language listed first, the more common on news pages.
    """
    from dateparser.languages.loader import default_loader

    found: dict[str, int] = {}
    for language in _LANGUAGES:
        info = default_loader.get_locale(language).info
        for number, key in enumerate(_MONTH_KEYS, 1):
            for name in info.get(key, ()):
                word = str(name).lower().rstrip(".")
                if _NAME.fullmatch(word) and not _ROMAN.fullmatch(word) and word not in _NOT_MONTHS:
                    found.setdefault(word, number)
    return found


def stored_locale_months() -> tuple[str, dict[str, int]]:
    """Return the dateparser version ``monthwords.json`` was written from, and :func:`locale_months`' answer then.

    The table is the product's own data from then on: a newer dateparser installed beside it changes nothing
    until the file is written again (and reviewed).
    """
    stored = json.loads(LOCALE_MONTHS_FILE.read_text(encoding="utf-8"))
    return str(stored["dateparser"]), {str(word): int(month) for word, month in stored["months"].items()}


MONTHS: dict[str, int] = {
    **stored_locale_months()[1],
    **{name: number for number, names in _MONTH_NAMES.items() for name in names},
    **_LEVANT_MONTHS,
    **_NAMED_MONTHS,
    **{name.rstrip("."): number for name, number in THAI_ABBREVIATIONS.items()},  # as _month_number looks them up
}

WEEKDAY_PATTERN = (
    r"(?:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)(?:day|nesday|urday)?|"
    r"(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)|"
    r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)|"
    r"(?:lunes|martes|miércoles|jueves|viernes|sábado|domingo)|"
    r"(?:segunda|terça|quarta|quinta|sexta)(?:-feira)?|"
    r"(?:lunedì|martedì|mercoledì|giovedì|venerdì|sabato|domenica)"
)

# Abbreviation -> IANA zone (follows daylight saving by the date) or a fixed offset in hours.
# Deliberately absent: abbreviations that name several zones (IST, CST-China, AMT, BST-Bangladesh).
ZONES: dict[str, str | float] = {
    "UTC": 0,
    "GMT": 0,
    "UT": 0,
    "Z": 0,
    "ET": "America/New_York",
    "EST": -5,
    "EDT": -4,
    "CT": "America/Chicago",
    "CST": -6,
    "CDT": -5,
    "MT": "America/Denver",
    "MST": -7,
    "MDT": -6,
    "PT": "America/Los_Angeles",
    "PST": -8,
    "PDT": -7,
    "AKST": -9,
    "AKDT": -8,
    "HST": -10,
    "HT": "Pacific/Honolulu",
    "AST": -4,
    "ADT": -3,
    "NST": -3.5,
    "NDT": -2.5,
    "UK": "Europe/London",
    "BST": 1,
    "WET": 0,
    "WEST": 1,
    "CET": 1,
    "CEST": 2,
    "MEZ": 1,
    "MESZ": 2,
    "EET": 2,
    "EEST": 3,
    "MSK": 3,
    "JST": 9,
    "KST": 9,
    "HKT": 8,
    "SGT": 8,
    "AWST": 8,
    "ACST": 9.5,
    "ACDT": 10.5,
    "AEST": 10,
    "AEDT": 11,
    "NZST": 12,
    "NZDT": 13,
    "WIB": 7,
    "PHT": 8,
}

# A date pattern with a month word reads a date only where a whole run of letters is a month in MONTHS. In ASCII
# text (the common non-ASCII separators blanked) the letters are A-Z and a-z: one translate and split tell when no
# run is one (bot.text.dates then skips those patterns, 2-3 us a line each; this test costs ~0.5 us).
# What may follow a day's number ("3rd", "1er"), as bot.text.dates reads it.
ORDINAL_SUFFIXES = ("st", "nd", "rd", "th", "er")
# A month word, or one glued to the ordinal before it ("3rdMarch", "1erMars": the patterns' _ORD reads those, and
# the digit alone is no letter, so the run of letters is "rdmarch").
_ASCII_MONTHS = frozenset(
    ordinal + name.encode("ascii")
    for name in MONTHS
    if name.isascii()
    for ordinal in (b"", *(suffix.encode("ascii") for suffix in ORDINAL_SUFFIXES))
)
_LOWER_LETTERS = bytes(b + 32 if 65 <= b <= 90 else b if 97 <= b <= 122 else 32 for b in range(128)) + b" " * 128


def may_name_month(text: str) -> bool:
    """Tell whether a run of letters of ``text`` may be a month name (False: none is, in ASCII text)."""
    plain = ascii_separated(text)
    if plain is None:
        return True
    return not _ASCII_MONTHS.isdisjoint(plain.encode("ascii").translate(_LOWER_LETTERS).split())


def write_locale_months() -> None:
    """Write ``monthwords.json`` from dateparser's locales again (after dateparser or ``_LANGUAGES`` changes)."""
    import dateparser

    text = json.dumps({"dateparser": dateparser.__version__, "months": locale_months()}, ensure_ascii=False, indent=0)
    LOCALE_MONTHS_FILE.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    write_locale_months()
