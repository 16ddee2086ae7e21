"""Month names, weekday names and time-zone abbreviations that dates on news pages use."""

from __future__ import annotations

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

MONTHS: dict[str, int] = {name: number for number, names in _MONTH_NAMES.items() for name in names}

WEEKDAY_PATTERN = (
    r"(?:mon|tues?|wed|thu(?:rs?)?|fri|sat|sun)(?:day|nesday|urday)?|"
    r"(?:montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)"
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
