"""Split datelines (``WASHINGTON DC:``, ``KYIV, Ukraine (AP) \u2014``, ``LONDON (Reuters) -``) off paragraphs."""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from zoneinfo import available_timezones

from bot.text.datewords import MONTHS

_WORD = re.compile(r"[\w'\u2019+\-]+")
# Capital letters of the Latin, Greek and Cyrillic alphabets ("SÃO PAULO", "MÜNCHEN", Moscow's and Athens' too), and
# Vietnamese's with two marks (Latin Extended Additional: "HÀ NỘI", "ĐÀ NẴNG").
_CAPS = "A-Z" + "".join(c for c in map(chr, [*range(0xC0, 0x530), *range(0x1E00, 0x1F00)]) if c.isupper())
# An agency in brackets, in its own case: "(Reuters)", "(AP)", "(dpa)", "(ANSA)".
_AGENCY = r"\((?:[^\W\d_][\w.&'/ -]{0,30})\)"  # a regional desk after a slash too: "(dpa/lno)"
_PLACE_CAPS = rf"[{_CAPS}][{_CAPS}.'\u2019\- ]{{1,40}}[{_CAPS}.]"
_REGION = r"(?:,\s*[A-Z][\w.'\u2019\- ]{1,30}?)?"
_DAY = r"(?:,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2})?"
# A dash after the place: an em or en dash, glued or not ("BERLIN\u2014The"); a hyphen with a blank on one side at
# least ("KYIV - ", "KYIV- "), or two ("LONDON--"), or after an agency's bracket ("(Reuters)-"). A hyphen glued on
# both sides joins a compound ("UTF-8 is", "SSH-Schl\u00fcssel sind", "METAR-Informationen"): no dateline.
_DASH = r"(?:\s*[\u2014\u2013][\u2014\u2013-]?\s*|\s+--?\s*|--?\s+|--|(?<=\))-)"
_WIRE_DAY = r"(?:,?\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2},\s*\d{4})"
_WIRE = r"(?:--\s*)?(?:/[A-Za-z][\w .-]{1,30}/|\((?:[A-Z][A-Za-z.-]*\s?){1,4}\))"
# The day before the month, as most languages write it: ", 5 déc", ", 5 Dic.", ", 5 DEZ", ", 5 декабря.", ", 5".
_DAY_FIRST = r",\s*\d{1,2}\.?(?:\s*(?P<month>[^\W\d_]{3,10})\.?)?(?:\s+\d{4})?"
# An agency's name in its own words after the dash, then a full stop: "- РИА Новости." (one to three capitalised
# words: a first sentence that short is no sentence).
_AGENCY_WORDS = rf"[{_CAPS}][\w-]*(?: [{_CAPS}][\w-]*){{0,2}}\."
# The agency after the place and the day: in brackets before or after the dash ("(AFP) -", "- (ANSA) -"), its name
# after the dash ("- RIA Novosti." in Cyrillic), between slashes ("/TASS/."), or none ("-").
_AGENCY_AFTER = (
    rf"(?:\s*{_AGENCY}\.?{_DASH}|{_DASH}{_AGENCY}(?:{_DASH}|\s+)|{_DASH}{_AGENCY_WORDS}\s+"
    rf"|\.?\s*/[^\W\d_][^/\n]{{0,40}}/\.?\s+|{_DASH})"
)
# A word of Arabic, Hebrew, Devanagari, Bengali or Tamil (their vowel signs included): scripts whose datelines have
# no capitals.
_CASELESS_WORD = r"[\u0600-\u06ff\u0590-\u05ff\u0900-\u097f\u0980-\u09ff\u0b80-\u0bff]{2,20}"
_ANY_AGENCY = r"\([^()]{1,30}\)"  # "(رويترز)": an agency in any script
_CASELESS_DASH = r"\s*[\u2014\u2013-]\s+"
# A place in title case, one to three words, or two places ("Bremen/Hamburg", "São Paulo", "Zürich"); then, as most
# languages write a day, ", 5 déc", ", le 5 décembre 2026", ", 5 de dezembro"; an agency's name as agencies write it
# in brackets ("(dpa)", "(dpa/lno)", "(EFE)", "(Reuters)"), and Spanish wires' ".-" after it.
_TITLE_PLACE = rf"[{_CAPS}][^\W\d_]+(?:[ /][{_CAPS}][^\W\d_]+){{0,2}}"
_DAY_IN_WORDS = r",\s*(?:le\s+)?\d{1,2}\.?\s+(?:de\s+)?(?P<month>[^\W\d_]{3,10})\.?(?:\s+(?:de\s+)?\d{4})?"
_AGENCY_NAME = r"\((?:[A-Z][A-Za-z.&]{1,15}|[a-z]{2,4})(?:/[A-Za-z]{2,6})?\)\.?"
_DATELINES = (
    # WASHINGTON DC:<no-break space> / LONDON: (capitals then a colon)
    re.compile(rf"^(?P<place>{_PLACE_CAPS}{_REGION}{_DAY})\s*(?:{_AGENCY})?\s*:[\s\u00a0]+(?=\S)"),
    # KYIV, Ukraine (AP) — / LONDON (Reuters) - / NEW YORK, Oct 17 (Reuters) -
    re.compile(rf"^(?P<place>{_PLACE_CAPS}{_REGION}{_DAY})\s*(?:{_AGENCY})?{_DASH}(?=\S)"),
    # Dekalb, Ill. \u2014 / Indianapolis \u2013 (title-case place, only with a dash and an agency or a short name)
    re.compile(
        rf"^(?P<place>[A-Z][a-z]+(?:\s[A-Z][a-z]+){{0,2}},\s*[A-Z][\w.]{{1,12}}\.?)\s*(?:{_AGENCY})?\s*[\u2014\u2013]\s*(?=\S)"
    ),
    re.compile(rf"^(?P<place>[A-Z][a-z]+(?:\s[A-Z][a-z]+){{0,2}})\s*(?:{_AGENCY}\s*)?[\u2014\u2013]\s*(?=[A-Z])"),
    # PARIS, 5 déc (AFP) - / ROMA, 5 DIC - (ANSA) - / Moscow, 5 Dec - RIA Novosti. / Moscow, 5 December. /TASS/.
    re.compile(rf"^(?P<place>{_PLACE_CAPS}{_REGION}){_DAY_FIRST}{_AGENCY_AFTER}(?=\S)"),
    # (Reuters) — without a place, or with the place and the day after it: "(ANSA) - ROMA, 5 DIC -"
    re.compile(rf"^{_AGENCY}{_DASH}(?:(?P<place>{_PLACE_CAPS}{_REGION})(?:{_DAY_FIRST})?{_DASH})?(?=\S)"),
    # Hamburg (dpa) - / Bremen/Hamburg (dpa/lno) - / São Paulo, 5 de dezembro (Reuters) - / Paris, le 5 décembre 2026 -
    # (a title-case place with a hyphen: only with an agency's name or a day whose month is one)
    re.compile(rf"^(?P<place>{_TITLE_PLACE})(?:{_DAY_IN_WORDS})?\s*{_AGENCY_NAME}{_DASH}(?=\S)"),
    re.compile(rf"^(?P<place>{_TITLE_PLACE}){_DAY_IN_WORDS}{_DASH}(?=\S)"),
    # A wire's press release: "NEW YORK, Nov. 30, 2026 /PRNewswire/ --", "TORONTO, Nov. 30, 2026 (GLOBE NEWSWIRE) --",
    # "SAN FRANCISCO--(BUSINESS WIRE)--": the place, the day, the wire's name between slashes or brackets.
    # ("COLUMBUS, OH, UNITED STATES, December 4, 2026 /EINPresswire.com/ --": a region and a country.)
    re.compile(rf"^(?P<place>{_PLACE_CAPS}{_REGION}{_REGION}),?\s*{_WIRE_DAY}?\s*{_WIRE}{_DASH}(?=\S)"),
    # Scripts without capitals, one to three words and a dash: "القاهرة -", "القاهرة (رويترز) -", "ירושלים \u2013"; the
    # day after the place as "PARIS, 5 déc (AFP) -" writes it ("القاهرة، 5 ديسمبر (رويترز) -", "नई दिल्ली, 5 दिसंबर
    # (भाषा) -"), the agency's name between two dashes ("تهران- ایرنا- ", as "- RIA Novosti." after the Latin ones).
    # Not a colon: "मुख्यमंत्री ने कहा:" and "وقال:" (he said:) open quotes.
    re.compile(
        rf"^(?P<place>{_CASELESS_WORD}(?: {_CASELESS_WORD}){{0,2}})"
        rf"(?:\s*,?\s*\d{{1,2}}\s+(?P<month>{_CASELESS_WORD})(?:\s+\d{{4}})?)?"
        rf"\s*(?:{_ANY_AGENCY})?{_CASELESS_DASH}(?:{_CASELESS_WORD}(?: {_CASELESS_WORD})?{_CASELESS_DASH})?(?=\S)"
    ),
)

# A title-case place and a hyphen ("Jakarta - Bank Indonesia held ..."), as Indonesian and other papers write it:
# only a city the time zones name, since a label opens a paragraph the same way ("Update - The ...", "Analysis - ...").
_CITY_HYPHEN = re.compile(rf"^(?P<place>{_TITLE_PLACE})\s+-\s+(?=\S)")
# The areas of the time zones named after a city ("Asia/Jakarta"; not "US/Central", "Brazil/West", "Etc/UTC").
_CITY_AREAS = (
    "Africa/",
    "America/",
    "Antarctica/",
    "Asia/",
    "Atlantic/",
    "Australia/",
    "Europe/",
    "Indian/",
    "Pacific/",
)


@cache
def zone_cities(*, areas_only: bool = False) -> frozenset[str]:
    """The cities of the time zones' names in lower case, spaced ("buenos aires", "new york", "hong kong").

    With ``areas_only``, only the zones of a continent or an ocean, whose names are all cities or islands: not
    "US/Central", "Brazil/West" or "Etc/Universal", whose last names are words.
    """
    zones = (zone for zone in available_timezones() if not areas_only or zone.startswith(_CITY_AREAS))
    return frozenset(zone.rsplit("/", 1)[-1].replace("_", " ").lower() for zone in zones)


# Of those, the names that are words or people's names as well ("North", "Wake", "Davis", "Resolute"), or states'
# ("ACT", "NSW"): a paragraph opening "Davis - " is no dateline's.
_NO_CITIES = frozenset(
    str.split(
        """
    act lhi nsw north south west center easter wake virgin oral resolute troll casey davis palmer stanley johnston
    currie knox midway regina
    """
    )
)


def _zone_city(place: str) -> bool:
    """Tell whether ``place`` is a city the time zones name, its accents aside ("Bogotá", "São Paulo")."""
    bare = "".join(c for c in unicodedata.normalize("NFKD", place) if not unicodedata.combining(c)).lower()
    return bare in zone_cities(areas_only=True) and bare not in _NO_CITIES


# A Hindi dateline with a colon ("नई दिल्ली:", "मुंबई (भाषा):"): one or two words of Devanagari. A colon there opens a
# quote as often ("मुख्यमंत्री ने कहा:", "the chief minister said:"), so no word before it may be one that no place
# name holds: a postposition ("ने", "का", "में" ...), a verb of saying or an auxiliary, or an ergative pronoun
# ("उन्होंने": a word ending in "ने").
_DEVANAGARI_WORD = r"[\u0900-\u097f]{2,20}"
_HINDI_COLON = re.compile(rf"^(?P<place>{_DEVANAGARI_WORD}(?: {_DEVANAGARI_WORD})?)\s*(?:{_ANY_AGENCY})?\s*:\s+(?=\S)")
_NOT_PLACE_WORDS = frozenset(
    str.split(
        """
    ने का की के को से में पर है हैं था थी थे और कि कहा कहते कहती कहना बताया लिखा बोले बोला बोलीं पूछा जोड़ा दिया गया
    यह वह नोट अपडेट पढ़ें देखें
    """
    )
)
_ERGATIVE = "ने"
# A Chinese report's cable line: source, place, day and 电 ("新华社北京12月5日电", "本报上海3月4日电" and the
# reporter's name in brackets).
_CABLE = re.compile(
    r"(?:[\u4e00-\u9fff]{1,8}?[社网網报報台])?(?P<place>[\u4e00-\u9fff]{2,8}?)\s*\d{1,2}\s*月\s*\d{1,2}\s*日[电電]"
    r"(?:\s*[\uff08(][^\uff09)]{0,30}[\uff09)]\s*|\s+)"  # then a blank or the reporter's name: "电力" (power) is a word
)
# A Korean wire's opening: the place and the agency in brackets, then the reporters and their role, each up to
# an equals sign ("(부산=연합뉴스) 김민준 기자 = ", "[서울=뉴시스]김민준 이수진 기자 = ",
# "(워싱턴=연합뉴스) 김철수 특파원 = ").
# The agency is one word: "[엔터미디어=정덕현의 이슈공감]" is an outlet's column (its writer), no place. A credit in the
# same brackets names no place: "(사진=연합뉴스)" (photo), "(그래픽=...)" (graphic), "(자료=...)".
KOREAN_ROLES = "선임기자|기자|특파원|논설위원|객원기자"
_KOREAN_CREDITS = frozenset(("사진", "자료사진", "그래픽", "자료", "영상", "출처", "제공", "편집", "표"))
_KOREAN_WIRE = re.compile(
    r"[(\[](?P<place>[\uac00-\ud7a3]{1,10})\s*=\s*[^\s()\[\]=]{1,12}[)\]]\s*"
    rf"(?:[\uac00-\ud7a3]{{2,5}}(?: [\uac00-\ud7a3]{{1,5}}){{0,4}} ?(?:{KOREAN_ROLES})\s*=\s*)?"
)
_CABLE_LEAD = 40
_CASELESS_REST = 6  # words after a caseless dateline: a short line with a dash is no report's first sentence
_CABLE_REST = 10  # characters of text after it: a cable line alone is no paragraph to split


def split_dateline(paragraph: str) -> tuple[str | None, str]:
    """Split a leading dateline (``WASHINGTON DC:``, ``KYIV, Ukraine (AP) —``) off ``paragraph``.

    Returns the dateline's place (None when there is none) and the paragraph without it.
    """
    lead = paragraph[:_CABLE_LEAD]
    if "日电" in lead or "日電" in lead:
        m = _CABLE.match(paragraph)
        if m is not None and len(rest := paragraph[m.end() :].strip()) >= _CABLE_REST:
            return m["place"], rest
    if (
        paragraph[:1] in "(["
        and "=" in lead
        and (m := _KOREAN_WIRE.match(paragraph)) is not None
        and m["place"] not in _KOREAN_CREDITS
        and len(rest := paragraph[m.end() :].strip()) >= _CABLE_REST
    ):
        return m["place"], rest
    if "\u0900" <= paragraph[:1] <= "\u097f" and (m := _HINDI_COLON.match(paragraph)) is not None:
        rest = paragraph[m.end() :]
        words = m["place"].split()
        if (
            len(rest.split()) >= _CASELESS_REST
            and rest[:1] not in "\"\u201c\u2018'"
            and not any(w in _NOT_PLACE_WORDS or w.endswith(_ERGATIVE) for w in words)
        ):
            return m["place"], rest
    if " - " in paragraph[:_CABLE_LEAD] and (m := _CITY_HYPHEN.match(paragraph)) is not None:
        rest = paragraph[m.end() :]
        opens = rest[:1].isupper() or rest[:1] in "\"\u201c\u2018'"
        if opens and len(_WORD.findall(rest)) >= _CASELESS_REST and _zone_city(m["place"]):
            return m["place"], rest
    for pattern in _DATELINES:
        m = pattern.match(paragraph)
        if m is None:
            continue
        rest = paragraph[m.end() :].lstrip()
        place = " ".join((m["place"] or "").split()).strip(" ,\u060c")  # and Arabic's comma
        first = rest[:1]
        words = len(_WORD.findall(rest))
        cased = first.isupper() or first.isdigit() or first in "\"\u201c\u2018'"
        caseless = pattern is _DATELINES[-1] and words >= _CASELESS_REST and not first.islower()
        if words < 3 or not (cased or caseless):
            continue
        if pattern is _DATELINES[3] and len(_WORD.findall(place)) > 2:
            continue
        if (month := m.groupdict().get("month")) is not None and month.lower() not in MONTHS:
            continue  # "USA, 12 Staaten -": a number and a word that is no month
        return (place or None), rest
    return None, paragraph
