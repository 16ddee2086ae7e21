"""A deterministic synthetic news corpus, in our own words, for the scale benchmarks and durability tests.

The text is templated sentences over a hand-written vocabulary. What is meant to be realistic is the
*shape*, not the prose:

- word frequencies follow a Zipf law (rank r drawn with weight 1/r**1.07) over a few hundred common news
  words, with a long tail of invented rare terms (each seen in a handful of articles at most);
- a cast of recurring named entities (people, places, organisations) with their own Zipf popularity, so
  phrase and OR queries have hits and the most popular names are in thousands of articles;
- article length log-normal around 500 words (a CNN/DailyMail-like spread: 10 % under ~250, 10 % over
  ~1,000), 1 to 4 sentences per paragraph, a dateline on about half of them;
- ~60 sources with Zipf-like volume, arrivals spread over the window with a day/night rhythm, publication
  a little before arrival (a date only for some), and about one article in eight retelling an earlier story
  (a near-identical headline from another source) so digests have clusters.

For large sizes the body is assembled from a pool of pre-generated sentences plus a fresh lead and a
fresh sentence per few paragraphs (which carry the article's own entities and rare words), so a million
articles can be produced in minutes while every article stays unique.

Use :meth:`Corpus.articles` for records to bulk-load, :meth:`Corpus.write_drop_files` for files in the
drop-folder layouts (pasted .txt, .md with front matter, .json), and :func:`fixed_queries` for the
benchmark's 200 search queries.
"""

from __future__ import annotations

import bisect
import itertools
import json
import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bot.models import Article


def _words(text: str) -> list[str]:
    return text.split()


# --- vocabulary (our own lists; order is the frequency rank) -------------------------------------------

NOUNS = _words(
    """
government council minister police court city report plan deal budget election vote party officials
company market prices workers union school hospital water energy power week year month people families
residents leaders talks agreement law bill rules tax taxes funding project bridge harbour port road rail
station airport flights border army troops ceasefire aid refugees storm flood fire drought heat rain
weather climate emissions farmers harvest crop wheat fuel oil gas electricity grid inflation rates bank
loans jobs unemployment wages strike protest protesters crowd campaign candidate mayor governor
president parliament senate committee inquiry investigation evidence judge trial verdict sentence prison
ruling appeal lawyers case charges suspect victims survivors rescue teams volunteers doctors nurses
patients vaccine virus outbreak cases study scientists researchers university students teachers exams
museum festival concert film team season match coach players fans stadium league title record trade
exports imports tariffs shipping cargo containers factory plant production sales shares investors
profits losses debt deficit spending housing rents homes construction tenants landlords transport buses
trains drivers passengers tickets fares ministry department agency regulator watchdog network internet
data privacy software platform app users phones satellite launch mission space telescope island coast
village valley forest river lake mountain district region province capital neighbourhood streets traffic
safety
"""
)

VERBS_PAST = _words(
    """
announced approved rejected warned said confirmed denied agreed signed proposed delayed launched closed
opened raised cut blocked backed criticised defended promised reported found revealed suspended resumed
expanded reduced ordered urged called welcomed accused cleared charged arrested released freed rescued
evacuated restored damaged destroyed repaired completed postponed cancelled extended tightened eased
"""
)

VERBS_BASE = _words(
    """
announce approve reject review delay launch close open raise cut block back defend expand reduce restore
repair complete extend tighten ease fund support replace rebuild investigate reconsider publish
"""
)

ADJECTIVES = _words(
    """
new major local national regional emergency public private former senior key final early late annual
temporary permanent controversial historic rural urban coastal northern southern eastern western central
independent international foreign domestic economic political financial legal medical environmental
heavy sharp modest record rising falling higher lower strong weak
"""
)

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]  # fmt: skip

FIRST_NAMES = _words(
    """
Amara Boris Celia Dmitri Elena Farid Greta Hamid Ines Jonas Kasia Lorenzo Mireille Nikolai Oona Pavel
Quentin Rosa Samir Tove Ulla Viktor Wanjiru Xavier Yusuf Zofia Anders Beatriz Cormac Dalia Emeka Freya
"""
)

LAST_NAMES = _words(
    """
Okonkwo Lindqvist Marchetti Haddad Novak Brennan Castellanos Ivanova Sørensen Tanaka Oduya Petrescu
Moreau Kowalczyk Valverde Achterberg Nakamura Delacroix Mwangi Halvorsen Quispe Abernathy Farouk Rautio
Szabo Villanueva Oyelaran Kristiansen Benedek Thorne
"""
)

PLACES = _words(
    """
Budapest Kyiv Nairobi Lisbon Oslo Manila Lima Accra Hanoi Tbilisi Montevideo Reykjavik Tallinn Dakar
Quito Valletta Ljubljana Windhoek Tromsø Galway Porto Gdansk Cork Mombasa Bergen Cusco Split Tartu
Bristol Leeds Denver Tucson Halifax Winnipeg Adelaide Darwin Dunedin Hobart Kandy Jaffna
"""
)

ORG_PARTS_A = _words(
    """
Northgate Bluewater Meridian Harbourline Stonebridge Redfern Silverlake Eastmoor Pinecrest Westfold
"""
)
ORG_PARTS_B = _words(
    """
Shipping Holdings Energy Rail Water Telecom Bank Foods Airways Mining Pharma Logistics
"""
)
AGENCIES = ["AP", "Reuters", "AFP", "Wire Desk", "Newsroom Pool"]

SOURCE_A = _words(
    """
Harbour Valley Northern Evening Daily Coastal Morning Capital Weekly Metro River Island
"""
)
SOURCE_B = _words(
    """
Ledger Courier Herald Gazette Post Tribune Chronicle Observer Standard Dispatch Times Record
"""
)

_SYLLABLES = _words(
    """
ka lo mi ve ru ta sen dor bri qua lin ex om pha zu tel var nok ish gru fen cal mor tis yab
"""
)

# --- sentence templates: {P} person, {L} place, {O} organisation, {N} noun, {V} past verb, {B} base verb,
# {A} adjective, {X} rare word, {D} weekday, {M} month, {K} number, {F} decimal ------------------------

SENTENCES = [
    "{P} {V} the {A} {N} on {D}, saying the {N} in {L} would not change.",
    "Officials in {L} {V} a {A} {N} after weeks of talks with {O}.",
    "The {N} was {V} by the {N} committee late on {D}, according to two people familiar with the matter.",
    "“We will {B} the {N} as soon as the {N} allows it,” {P} told reporters in {L}.",
    "{O} said its {N} had {V} by {F} percent in the year to {M}.",
    "Mr. {LN} said the U.S. {N} had {V} the {A} {N} in {M}.",
    "About {K} {N} gathered outside the {N} in {L} on {D} evening.",
    "The {A} {N} is expected to cost {K} million, roughly {F} times the {N} agreed in {M}.",
    "Critics said the {N} would {B} the {X} {N} and leave {N} without {N}.",
    "{P}, who leads the {N} at {O}, {V} the decision as {A}.",
    "Police in {L} {V} {K} people after the {N} near the {N}.",
    "The {N} of {L} {V} an {A} {N} into the {X} {N}.",
    "Dr. {LN} of the {N} said the {N} had {V} faster than expected.",
    "It was not clear whether the {N} would {B} the {N} before {M}.",
    "A spokesperson for {O} declined to comment on the {N}.",
    "The {N} {V} after {P} {V} the {A} {N} in {L}.",
    "Figures released on {D} showed {N} {V} {F} percent, the {A} level since {M}.",
    "Residents of {L} said the {X} {N} had {V} their {N} for {K} days.",
    "Talks between {O} and the {N} are due to resume in {L} next {D}.",
    "The {A} {N} will {B} {K} {N} across the {N} by {M}, {P} said.",
]

LEADS = [t for t in SENTENCES if "{P}" in t and "{L}" in t]

HEADLINES = [
    "{P} {V} {A} {N} plan for {L}",
    "{O} {V} {N} after {N} in {L}",
    "{L} {N} {V} as {N} {V}",
    "{A} {N} hits {L} {N}",
    "{P} and {P2} to meet in {L} for {N} talks",
    "{O} {N} {V} by {F} percent",
    "{L} {N} {V} over {X} {N}",
    "{N} in {L}: {P} {V} {A} {N}",
]


def _zipf_cum(n: int, s: float = 1.07) -> list[float]:
    return list(itertools.accumulate(1.0 / (r**s) for r in range(1, n + 1)))


class _Zipf:
    """Draw items with weight 1/rank**s (rank = list order)."""

    def __init__(self, items: Sequence[str], s: float = 1.07) -> None:
        self.items = list(items)
        self.cum = _zipf_cum(len(self.items), s)
        self.total = self.cum[-1]

    def __call__(self, rng: random.Random) -> str:
        return self.items[bisect.bisect(self.cum, rng.random() * self.total)]


@dataclass(frozen=True, slots=True)
class SynthArticle:
    """One generated article with where and when it arrives."""

    number: int
    article: Article
    source: str
    arrived_at: datetime
    story_of: int | None  # the number of an earlier article this one retells, if any


class Corpus:
    """A deterministic corpus: the same seed and window give the same articles, in the same order."""

    def __init__(
        self, seed: int = 1, *, end: datetime | None = None, days: float = 30.0, per_day: float | None = None
    ) -> None:
        self.seed = seed
        self.end = end or datetime(2025, 10, 17, 12, 0, tzinfo=UTC)
        self.days = days
        # With per_day, arrivals grow with the article number from ``end - days``, as when a bot ingests
        # (row ids then follow arrival order); without it, any prefix is spread over the whole window.
        self.per_day = per_day
        rng = random.Random(seed)
        self.people = [
            f"{f} {la}" for f, la in zip(rng.sample(FIRST_NAMES, 30), rng.sample(LAST_NAMES, 30), strict=True)
        ]
        self.orgs = [f"{a} {b}" for a in ORG_PARTS_A for b in ORG_PARTS_B]
        rng.shuffle(self.orgs)
        places = list(PLACES)
        rng.shuffle(places)
        self.places = places
        self.rare = sorted({self._pseudo_word(rng) for _ in range(6000)})
        rng.shuffle(self.rare)
        sources = [f"The {a} {b}" for a in SOURCE_A for b in SOURCE_B]
        rng.shuffle(sources)
        self.sources = sources[:60]
        self._noun = _Zipf(NOUNS)
        self._verb = _Zipf(VERBS_PAST)
        self._base = _Zipf(VERBS_BASE)
        self._adj = _Zipf(ADJECTIVES)
        self._person = _Zipf(self.people, 1.0)
        self._place = _Zipf(self.places, 1.0)
        self._org = _Zipf(self.orgs, 1.0)
        self._rare = _Zipf(self.rare, 0.6)  # flat-ish: the tail stays rare
        self._source = _Zipf(self.sources, 0.9)
        self._pool: list[str] = []

    @staticmethod
    def _pseudo_word(rng: random.Random) -> str:
        return "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(3, 4)))

    # --- text ----------------------------------------------------------------------------------------

    def _fill(self, template: str, rng: random.Random, cast: dict[str, str] | None = None) -> str:
        cast = cast or {}
        person = cast.get("P") or self._person(rng)
        slots = {
            "P": person,
            "P2": self._person(rng),
            "LN": person.split()[-1],
            "L": cast.get("L") or self._place(rng),
            "O": cast.get("O") or self._org(rng),
            "D": WEEKDAYS[rng.randrange(7)],
            "M": MONTHS[rng.randrange(12)],
            "K": str(rng.choice((3, 12, 40, 150, 2300, 18000)) + rng.randrange(10)),
            "F": f"{rng.randrange(1, 20)}.{rng.randrange(10)}",
        }
        out = []
        for part in template.split("{"):
            if "}" not in part:
                out.append(part)
                continue
            slot, rest = part.split("}", 1)
            if slot == "N":
                word = self._noun(rng)
            elif slot == "V":
                word = self._verb(rng)
            elif slot == "B":
                word = self._base(rng)
            elif slot == "A":
                word = self._adj(rng)
            elif slot == "X":
                word = cast.get("X") or self._rare(rng)
            else:
                word = slots[slot]
            out.append(word + rest)
        text = "".join(out)
        return text[0].upper() + text[1:]

    def sentence(self, rng: random.Random, cast: dict[str, str] | None = None) -> str:
        """Return one templated sentence (``cast`` pins the person, place, organisation or rare word)."""
        return self._fill(rng.choice(SENTENCES), rng, cast)

    def _body(self, rng: random.Random, cast: dict[str, str]) -> tuple[str, ...]:
        words = min(3000.0, max(80.0, rng.lognormvariate(math.log(500), 0.5)))
        if not self._pool:
            pool_rng = random.Random(self.seed * 7919 + 1)
            self._pool = [self.sentence(pool_rng) for _ in range(40_000)]
        count = max(3, round(words / 14))  # pooled sentences average about 14 words
        sentences = rng.choices(self._pool, k=count)
        # A fresh lead naming the article's cast, and about one fresh sentence in eight: unique, on topic.
        sentences[0] = self._fill(rng.choice(LEADS), rng, cast)
        for _ in range(count // 8):
            sentences[rng.randrange(1, count)] = self.sentence(rng, cast)
        sizes = rng.choices((1, 2, 2, 3, 3, 4), k=count)
        paragraphs = []
        at = 0
        for size in sizes:
            if at >= count:
                break
            paragraphs.append(" ".join(sentences[at : at + size]))
            at += size
        return tuple(paragraphs)

    # --- articles ------------------------------------------------------------------------------------

    def articles(self, n: int, *, start: int = 0) -> Iterator[SynthArticle]:
        """Yield articles ``start`` .. ``start + n - 1`` (arrivals anywhere in the window, not in order)."""
        span = self.days * 86400.0
        recent: list[tuple[int, str, dict[str, str], datetime]] = []
        for number in range(start, start + n):
            rng = random.Random(self.seed * 1_000_003 + number)
            if self.per_day:
                arrived = self.end - timedelta(days=self.days - (number + rng.random()) / self.per_day)
            else:
                # Any prefix covers the whole window; a day/night rhythm bends arrivals towards daytime.
                position = rng.random() * span
                day_part = (position % 86400) / 86400
                bent = day_part + 0.08 * math.sin(2 * math.pi * day_part)
                arrived = self.end - timedelta(seconds=position - position % 86400 + bent * 86400)
            story_of = None
            if recent and rng.random() < 0.12:
                story_of, title, cast, first = recent[rng.randrange(len(recent))]
                if not self.per_day:
                    arrived = min(self.end, first + timedelta(minutes=rng.randrange(5, 720)))
                words = title.split()
                title = " ".join(words[:-1]) + " " + (words[-1] if rng.random() < 0.5 else words[-1] + " again")
            else:
                cast = {"P": self._person(rng), "L": self._place(rng), "O": self._org(rng), "X": self._rare(rng)}
                title = self._fill(rng.choice(HEADLINES), rng, cast)
            body = self._body(rng, cast)
            source = self._source(rng)
            published: date | datetime
            if rng.random() < 0.3:
                published = arrived.date()
            else:
                published = (arrived - timedelta(minutes=rng.randrange(5, 360))).replace(microsecond=0)
            dateline = None
            if rng.random() < 0.5:
                dateline = cast["L"].upper()
            slug = "-".join(title.lower().replace(":", "").split()[:6])
            domain = source.lower().removeprefix("the ").replace(" ", "") + ".example"
            url = f"https://{domain}/{arrived:%Y/%m}/{slug}-{number}"
            author = f"{self._person(rng)}" if rng.random() < 0.6 else None
            article = Article(
                title=title,
                body=body,
                published=published,
                dateline=dateline,
                author=author,
                url=url,
                key_points=body[:1],
                source=source,
            )
            yield SynthArticle(number, article, source, arrived, story_of)
            if story_of is None:
                recent.append((number, title, cast, arrived))
                if len(recent) > 200:
                    recent.pop(0)

    # --- drop files ----------------------------------------------------------------------------------

    def write_drop_files(
        self, folder: Path, n: int, *, start: int = 0, mix: tuple[float, float, float] = (0.8, 0.1, 0.1)
    ) -> list[Path]:
        """Write ``n`` drop files (``mix`` = shares of pasted .txt, .md, .json) and return their paths."""
        folder.mkdir(parents=True, exist_ok=True)
        paths = []
        for item in self.articles(n, start=start):
            rng = random.Random(self.seed * 31 + item.number)
            roll = rng.random()
            stem = f"{item.number:07d}_{item.article.url.rsplit('/', 1)[-1][:40] if item.article.url else 'x'}"
            if roll < mix[0]:
                path, text = folder / f"{stem}.txt", pasted_text(item, rng)
            elif roll < mix[0] + mix[1]:
                path, text = folder / f"{stem}.md", markdown_text(item)
            else:
                path, text = folder / f"{stem}.json", json_text(item)
            path.write_text(text, encoding="utf-8")
            paths.append(path)
        return paths


def _date_line(published: date | datetime, rng: random.Random) -> str:
    day = published if not isinstance(published, datetime) else published.date()
    choice = rng.randrange(5)
    if choice == 0:
        return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"
    if choice == 1:
        return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"
    if choice == 2:
        return day.isoformat()
    if choice == 3 and isinstance(published, datetime):
        hour = published.hour % 12 or 12
        half = "AM" if published.hour < 12 else "PM"
        return f"{MONTHS[day.month - 1][:3]}. {day.day}, {day.year} {hour}:{published.minute:02d} {half} UTC"
    return f"{WEEKDAYS[day.weekday()]}, {MONTHS[day.month - 1]} {day.day}, {day.year}"


def pasted_text(item: SynthArticle, rng: random.Random) -> str:
    """Render an article as text copied from a news page: header cruft, headline, date, body."""
    art = item.article
    assert art.published is not None
    lines: list[str] = []
    if rng.random() < 0.5:
        lines += [art.dateline.title() if art.dateline else "World", _date_line(art.published, rng), ""]
    lines += [art.title, ""]
    lines.append(_date_line(art.published, rng))
    if rng.random() < 0.6:
        lines.append(f"{rng.randrange(1, 9)} MIN READ")
    if rng.random() < 0.5:
        lines += ["A", "A+", "A-"]
    if art.author and rng.random() < 0.7:
        lines.append(f"By {art.author}")
    if rng.random() < 0.3:
        lines += ["Share", "Facebook", "X", "Email"]
    lines.append("")
    for index, paragraph in enumerate(art.body):
        if index == 0 and art.dateline:
            agency = rng.choice(AGENCIES)
            lead = (
                f"{art.dateline}:\u00a0{paragraph}"
                if rng.random() < 0.5
                else f"{art.dateline} ({agency}) \u2014 {paragraph}"
            )
            lines += [lead, ""]
        else:
            lines += [paragraph, ""]
        if index == 2 and rng.random() < 0.3:
            lines += ["Advertisement", ""]
    return "\n".join(lines).rstrip("\n")


def markdown_text(item: SynthArticle) -> str:
    """Render an article as Markdown with YAML-style front matter."""
    art = item.article
    assert art.published is not None
    front = [
        "---",
        f"title: {json.dumps(art.title, ensure_ascii=False)}",
        f"date: {art.published.isoformat()}",
        f"source: {json.dumps(item.source, ensure_ascii=False)}",
        f"url: {art.url}",
    ]
    if art.author:
        front.append(f"author: {json.dumps(art.author, ensure_ascii=False)}")
    front += ["---", "", f"# {art.title}", ""]
    return "\n".join(front) + "\n\n".join(art.body) + "\n"


def json_text(item: SynthArticle) -> str:
    """Render an article as a JSON article object."""
    art = item.article
    assert art.published is not None
    record = {
        "title": art.title,
        "published": art.published.isoformat(),
        "url": art.url,
        "author": art.author,
        "source": item.source,
        "body": art.text,
    }
    return json.dumps(record, ensure_ascii=False, indent=1)


def fixed_queries(corpus: Corpus, n: int = 200, seed: int = 99) -> list[str]:
    """Return the benchmark's search queries: common and rare words, phrases, OR, AND and NOT, fixed by seed."""
    rng = random.Random(seed)
    shares = [
        ("common", 0.30),
        ("rare", 0.20),
        ("phrase", 0.20),
        ("or", 0.15),
        ("and", 0.10),
        ("not", 0.05),
    ]
    queries: list[str] = []
    for kind, share in shares:
        for _ in range(round(n * share)):
            if kind == "common":
                queries.append(rng.choice(NOUNS[:60] + ADJECTIVES[:20] + corpus.places[:10]))
            elif kind == "rare":
                queries.append(rng.choice(corpus.rare[-3000:] + corpus.places[-10:]))
            elif kind == "phrase":
                queries.append(f'"{rng.choice(corpus.people + corpus.orgs[:30])}"')
            elif kind == "or":
                queries.append(f"{rng.choice(NOUNS)} OR {rng.choice(corpus.places)}")
            elif kind == "and":
                queries.append(f"{rng.choice(NOUNS[:100])} {rng.choice(corpus.places)}")
            else:
                queries.append(f"{rng.choice(NOUNS[:40])} -{rng.choice(NOUNS[:40])}")
    return queries[:n]
