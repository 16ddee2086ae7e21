"""Dates written relative to the moment a page was read: "3 hours ago", "yesterday", "vor 3 Stunden"."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

from bot.text.asciiwords import case_safe
from bot.text.datematch import DateMatch
from bot.text.linepatterns import contains_any

_RELATIVE = re.compile(
    r"\b(?P<n>\d{1,3}|an?|one)\s*(?P<unit>sec(?:ond)?s?|min(?:ute)?s?|h(?:ou)?rs?|hours?|days?|weeks?|[hdwm](?=\s))"
    r"\.?\s+ago\b",
    re.I,
)
_YESTERDAY = re.compile(r"\b(?P<word>yesterday|today)\b", re.I)
_RELATIVE_COMPANIONS = {"updated", "published", "posted", "at", "on", "last", "am", "pm", "a", "p", "m", "edited"}

# Other languages. Unit words by the length of time they name; the number comes after "vor", "il y a", "hace",
# "há", "przed", "acum" or before "fa", "назад", "önce", "temu", "тому", "yang lalu", "ang nakalipas",
# "geleden", "sedan", "siden", 前, 전 ("vor 3 Stunden", "3 часа назад", "2 saat önce", "2 godziny temu", "3時間前",
# "2시간 전"); Swahili writes the unit first ("saa 2 zilizopita"). Polish and Ukrainian units in the cases these
# phrases put them in. Not yet Czech "před 2 hodinami": a dataset copy's date line, whose kind would change and move
# the headline model's training rows (a refit round: bench/README.md, langs29).
_UNITS: dict[str, timedelta] = {
    **dict.fromkeys(
        ("sekunde", "sekunden", "seconde", "secondes", "segundo", "segundos", "secondi", "秒", "saniye", "sekund"),
        timedelta(seconds=1),
    ),
    **dict.fromkeys(
        ("sekundy", "sekundę", "sekundami", "secunde", "секунд", "секунди", "секунду", "detik", "초"),
        timedelta(seconds=1),
    ),
    **dict.fromkeys(("seconden", "sekunder"), timedelta(seconds=1)),
    **dict.fromkeys(
        ("minute", "minuten", "minutes", "minuto", "minutos", "minuti", "分", "分钟", "分鐘", "dakika", "minut"),
        timedelta(minutes=1),
    ),
    **dict.fromkeys(
        ("minuty", "minutę", "minutami", "хвилин", "хвилини", "хвилину", "menit", "minit", "분", "minuut"),
        timedelta(minutes=1),
    ),
    **dict.fromkeys(("minuter", "minutter"), timedelta(minutes=1)),
    **dict.fromkeys(
        ("stunde", "stunden", "heure", "heures", "hora", "horas", "ora", "ore", "時間", "小时", "小時", "saat", "godz"),
        timedelta(hours=1),
    ),
    **dict.fromkeys(
        ("godzin", "godziny", "godzinę", "godzinami", "oră", "годин"),
        timedelta(hours=1),
    ),
    **dict.fromkeys(
        ("години", "годину", "jam", "oras", "saa", "시간", "uur", "timme", "timmar", "time", "timer"),
        timedelta(hours=1),
    ),
    **dict.fromkeys(
        ("tag", "tagen", "tage", "jour", "jours", "día", "días", "dia", "dias", "giorno", "giorni", "日", "天", "gün"),
        timedelta(days=1),
    ),
    **dict.fromkeys(
        ("dni", "dzień", "dniem", "dniami", "zile", "zi", "днів", "дні", "день", "hari", "araw"),
        timedelta(days=1),
    ),
    **dict.fromkeys(("siku", "일", "dag", "dagen", "dagar", "dage", "dager"), timedelta(days=1)),
    **dict.fromkeys(
        ("woche", "wochen", "semaine", "semaines", "semana", "semanas", "settimana", "settimane", "週間", "周", "星期"),
        timedelta(weeks=1),
    ),
    **dict.fromkeys(
        ("hafta", "tygodni", "tydzień", "tygodnie", "tygodniem", "tygodniami", "săptămâni", "săptămână"),
        timedelta(weeks=1),
    ),
    **dict.fromkeys(
        ("тижні", "тиждень", "тижнів", "minggu", "linggo", "wiki", "주", "weken", "vecka", "veckor", "uge", "uger"),
        timedelta(weeks=1),
    ),
    **dict.fromkeys(("uke", "uker"), timedelta(weeks=1)),
    # Arabic, Hebrew, Greek, Hindi, Vietnamese, Persian, Hungarian (its units as "ezelőtt" takes them), Thai.
    **dict.fromkeys(
        ("ثانية", "ثوان", "ثواني", "שניות", "δευτερόλεπτα", "सेकंड", "giây", "ثانیه", "másodperc", "másodperccel"),
        timedelta(seconds=1),
    ),
    **dict.fromkeys(("วินาที",), timedelta(seconds=1)),
    **dict.fromkeys(
        ("دقيقة", "دقائق", "דקות", "דקה", "λεπτά", "λεπτό", "मिनट", "phút", "دقیقه", "perc", "perccel", "นาที"),
        timedelta(minutes=1),
    ),
    **dict.fromkeys(
        ("ساعة", "ساعات", "שעות", "שעה", "ώρες", "ώρα", "घंटे", "घंटा", "giờ", "ساعت", "óra", "órával", "ชั่วโมง"),
        timedelta(hours=1),
    ),
    **dict.fromkeys(
        ("يوم", "أيام", "ימים", "יום", "ημέρες", "μέρες", "ημέρα", "μέρα", "दिन", "ngày", "روز", "nap", "nappal", "วัน"),
        timedelta(days=1),
    ),
    **dict.fromkeys(
        ("أسبوع", "أسابيع", "שבועות", "שבוע", "εβδομάδες", "εβδομάδα", "हफ्ते", "सप्ताह", "tuần", "هفته", "hét"),
        timedelta(weeks=1),
    ),
    **dict.fromkeys(("héttel", "สัปดาห์"), timedelta(weeks=1)),
}
_RU_UNIT = re.compile(r"(?P<s>секунд)|(?P<m>минут)|(?P<h>час)|(?P<d>дн|день)|(?P<w>недел)", re.I)
_UNIT_WORDS = "|".join(sorted((re.escape(u) for u in _UNITS), key=len, reverse=True))
_BEFORE = re.compile(
    rf"\b(?:vor|il\s+y\s+a|hace|há|ha|przed|acum|منذ|לפני|πριν(?:\s+από)?)\s+(?P<n>\d{{1,3}})\s*(?P<unit>{_UNIT_WORDS})\b"
    r"|\b(?P<unit_first>saa|dakika|siku|wiki|sekunde)\s+(?P<n_after>\d{1,3})\s+(?:zilizopita|iliyopita)\b",
    re.I,
)
# Korean "전" (before) as a word: "5일 전국에서" is "nationwide on the 5th".
_AGO = (
    r"fa\b|前|önce\b|temu\b|тому\b|(?:yang\s+)?lalu\b|(?:na\s+)?ang\s+nakalipas\b|geleden\b|sedan\b|siden\b"
    r"|전(?![\uac00-\ud7a3])|पहले|trước\b|پیش\b|ezelőtt\b|ที่แล้ว"
)
_AFTER = re.compile(
    rf"(?<!\d)(?P<n>\d{{1,3}})\s*(?:(?P<unit>{_UNIT_WORDS})\.?\s*(?:{_AGO})|(?P<ru>[\u0430-\u044f\u0451]+)\s+назад\b)",
    re.I,
)
_RU_UNITS = {
    "s": timedelta(seconds=1),
    "m": timedelta(minutes=1),
    "h": timedelta(hours=1),
    "d": timedelta(days=1),
    "w": timedelta(weeks=1),
}
_LONGEST = timedelta(weeks=60)  # "900 weeks ago" is no publication date
# Cheap tests first: a number with one of these (lower-cased text), or a line short enough to be "gestern".
_DIGIT = re.compile(r"\d")
_WORLD_HINT = re.compile(
    r"vor |y a |hace |há |ha |fa\b|назад|前|przed |acum |önce|temu|тому|lalu|nakalipas|geleden|sedan|siden|전|pita\b"
    r"|منذ|לפני|πριν|पहले|trước|پیش|ezelőtt|ที่แล้ว"
)
_DAY_LINE = 30
# "Yesterday" and "today" of other languages count only as a line of their own, with at most a time beside them:
# "heute" inside a sentence or a heading ("Heute im Kino") is no publication date.
_YESTERDAY_WORDS = (
    *("gestern", "hier", "ayer", "ontem", "ieri", "вчера", "昨日", "昨天", "gisteren", "wczoraj", "igår", "i går"),
    *("dün", "kemarin", "včera", "어제", "χθες", "вчора", "kahapon"),
    *("أمس", "אתמול", "hôm qua", "دیروز", "tegnap", "เมื่อวาน"),
)
_TODAY_WORDS = (
    "heute",
    "aujourd'hui",
    "aujourd\u2019hui",
    "hoy",
    "hoje",
    "oggi",
    "сегодня",
    "今日",
    "今天",
    *("vandaag", "dzisiaj", "dziś", "idag", "i dag", "bugün", "hari ini", "dnes", "오늘", "σήμερα", "сьогодні", "azi"),
    "astăzi",
    *("اليوم", "היום", "आज", "hôm nay", "امروز", "วันนี้"),  # (not Hungarian "ma", Hindi "कल": other words too)
)
# A page's label before the word ("Publié hier à 18h30", "Publicado hoy a las 09:12", "Aktualisiert heute, 10:05"),
# and its time of change after the first (Le Monde's "Publié aujourd'hui à 09h12, modifié à 10h05").
_DAY_LABEL = (
    r"(?:(?:publié|mis à jour|modifié|publicado|actualizado|atualizado|veröffentlicht|aktualisiert|pubblicato|"
    r"aggiornato|опубликовано|обновлено|gepubliceerd|bijgewerkt|opublikowano|zaktualizowano|publicerad|"
    r"uppdaterad)\s*:?\s*)?"
)
_CHANGED = r"(?:,\s*(?:modifié|mis à jour|actualizado|atualizado|aktualisiert|aggiornato|обновлено)\b[\w\s:.']{0,24})?"
_DAY_LABEL_LINE = 60  # characters: a labelled line with its time of change
_WORLD_DAYS = re.compile(
    rf"\W*{_DAY_LABEL}"
    rf"(?:(?P<y>{'|'.join(map(re.escape, _YESTERDAY_WORDS))})|(?P<t>{'|'.join(map(re.escape, _TODAY_WORDS))}))"
    # then a time, as each language writes it: "Gestern, 18:30 Uhr", "hier à 18h30", "ayer a las 18:30",
    # "вчера в 18:30", Ukrainian "вчора" with its "at" (U+043E) before 18:30, "ieri, ora 18:30", "어제 오후 6:30"
    # (afternoon), "Kahapon, 6:30 PM"
    r"(?:[\W\d:h.]*(?:\b(?:um|à|a las|às|alle|в|\u043e|om|kl|klo|saat|pukul|o|ora|오전|오후)\b)?"
    rf"[\W\d:h.]*(?:uhr|uur|h|[ap]m)?){_CHANGED}\W*",
    re.I,
)
# The ASCII ones among them: an ASCII line _WORLD_DAYS matches holds one, lower-cased (may_find_without_digits).
_WORLD_DAY_WORDS = tuple(word for word in (*_YESTERDAY_WORDS, *_TODAY_WORDS) if word.isascii())


def relative_dates(text: str, reference: datetime) -> list[DateMatch]:
    """Return the dates ``text`` gives relative to ``reference``: "3 hours ago", "yesterday"."""
    found = _english(text, reference)
    if found:
        return found
    # The numbers the "ago" patterns read are decimal digits (\d): without one they find nothing, so the hint's
    # search is spared (the line classifier asks this of every line without a digit).
    ago = _DIGIT.search(text) is not None and _WORLD_HINT.search(text.lower()) is not None
    if ago or len(text) <= _DAY_LABEL_LINE:
        return _world(text, reference, ago)
    return found


def may_find_without_digits(text: str) -> bool:
    """Tell whether :func:`relative_dates` may find a date in ``text`` when it holds no decimal digit (False: none).

    Without a digit only "a day ago", "yesterday" and "today" (in case-safe text, their words) or another
    language's word for the day, on a line of at most _DAY_LINE characters, can be read. An ASCII line needs one
    of those words in ASCII letters (no other character matches them under re.IGNORECASE); other lines are read.
    """
    if not case_safe(text):
        return True
    lower = text.lower()
    if "ago" in lower or "yesterday" in lower or "today" in lower:
        return True
    return len(text) <= _DAY_LINE and (not text.isascii() or contains_any(lower, _WORLD_DAY_WORDS))


def _moment(reference: datetime, delta: timedelta, start: int, end: int) -> DateMatch:
    when = reference - delta
    # "2 hours ago" is no reading to the second: the moment is kept to the minute (to the second under one).
    when = when.replace(microsecond=0) if delta < timedelta(minutes=1) else when.replace(second=0, microsecond=0)
    # Hours and minutes ago pin a moment; days and weeks ago only a day.
    value: date | datetime = when if delta < timedelta(days=1) else when.date()
    return DateMatch(value, when.date(), start, end, kind="relative")


def _world(text: str, reference: datetime, ago: bool) -> list[DateMatch]:
    found: list[DateMatch] = []
    for m in (*_BEFORE.finditer(text), *_AFTER.finditer(text)) if ago else ():
        groups = m.groupdict()
        n = int(groups["n"] or groups.get("n_after") or 0)  # Swahili's number follows its unit
        if word := groups["unit"] or groups.get("unit_first"):
            unit = _UNITS.get(word.lower())
        else:
            ru = _RU_UNIT.match(m["ru"])
            unit = None if ru is None else _RU_UNITS[ru.lastgroup or ""]
        if unit is not None and n * unit <= _LONGEST:
            found.append(_moment(reference, n * unit, m.start(), m.end()))
    day = _WORLD_DAYS.fullmatch(text.strip()) if len(text) <= _DAY_LABEL_LINE else None
    if day is not None:
        when = reference.date() - timedelta(days=1 if day["y"] else 0)
        found.append(DateMatch(when, when, 0, len(text), kind="relative"))
    found.sort(key=lambda d: d.start)
    return found


def _english(text: str, reference: datetime) -> list[DateMatch]:
    found: list[DateMatch] = []
    # Under re.IGNORECASE a few non-ASCII letters match ASCII ones: only case-safe text is ruled out by its words.
    lower = text.lower() if case_safe(text) else None
    if lower is not None and "ago" not in lower and "yesterday" not in lower and "today" not in lower:
        return found
    for m in _RELATIVE.finditer(text):
        n = 1 if m["n"].lower() in ("a", "an", "one") else int(m["n"])
        unit = m["unit"].lower()
        if unit.startswith("s"):
            delta = timedelta(seconds=n)
        elif unit.startswith("m"):
            delta = timedelta(minutes=n)
        elif unit.startswith("h"):
            delta = timedelta(hours=n)
        elif unit.startswith("d"):
            delta = timedelta(days=n)
        else:
            delta = timedelta(weeks=n)
        found.append(_moment(reference, delta, m.start(), m.end()))
    for m in _YESTERDAY.finditer(text):
        if set(re.findall(r"[a-z]+", text.lower().replace(m[0].lower(), " "))) - _RELATIVE_COMPANIONS:
            continue  # "Most popular today" is no date; "Today 12:01 AM" is
        day = reference.date() - timedelta(days=1 if m["word"].lower() == "yesterday" else 0)
        found.append(DateMatch(day, day, m.start(), m.end(), kind="relative"))
    return found
