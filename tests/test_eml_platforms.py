"""Newsletters as the platforms send them (``tests/data/eml``, written by ``tests/data/eml/build.py``).

Each fixture copies one platform's or mail client's MIME structure and furniture; the story is our own text.
For each, what a reader expects: the headline, the publication date (a forward's: the ORIGINAL message's), the
author (the publication or the writer), the body without the furniture, and key points from the story.

The fixtures were split by platform into TUNE and CHECK before any output was looked at; the rules were fitted
on TUNE only. ``python tests/test_eml_platforms.py`` prints the per-field figures of both halves
(bench/README.md, "Newsletters as the platforms send them").
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from bot.ingest.formats import parse_retrieved
from bot.models import Article, Retrieved

DATA = Path(__file__).resolve().parent / "data" / "eml"
NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
sys.path.insert(0, str(DATA))
import build as src  # noqa: E402  (the fixtures' own texts: what the body should be)

sys.path.remove(str(DATA))


@dataclass(frozen=True)
class Expected:
    """One story as a reader sees it. ``titles``/``authors``: every acceptable value."""

    titles: tuple[str, ...]
    published: str  # ISO: a datetime with its printed offset, or a day ("2026-12-03") when only the day is known
    authors: tuple[str, ...]
    body: tuple[str, ...]
    points: tuple[str, ...]  # words of the three sentences a reader would take as the key points (MEASURED)
    dateline: str | None = None


def one(
    title: str | tuple[str, ...], published: str, author: str | tuple[str, ...], body, points, **kw
) -> list[Expected]:
    titles = (title,) if isinstance(title, str) else title
    authors = (author,) if isinstance(author, str) else author
    return [Expected(titles, published, authors, tuple(body), tuple(points), **kw)]


EXPECTED: dict[str, list[Expected]] = {
    "substack": one(
        "Why the seed swap outgrew the church hall",
        "2026-11-28T14:03:11+00:00",
        ("Mira Okafor", "The Allotment Letter"),
        src.SUBSTACK_STORY,
        ("Four hundred gardeners came", "Volunteers counted 412 visitors", "market trust has offered us"),
    ),
    "mailchimp": one(
        (
            "Tram line to the hospital approved after eleven years",
            "Morning Brief: Tram line approved \u2013 eleven years on",
        ),
        "2026-11-30T06:00:12+00:00",
        "Morning Brief",
        src.MAILCHIMP_STORY,
        ("transport board approved a tram line", "run for 6.4 kilometres", "Shopkeepers on Mill Road"),
    ),
    "beehiiv": one(
        "The biscuit factory that recycles scooter batteries",
        "2026-12-02T12:30:44+00:00",
        ("Priya Raman", "The Circuit"),
        ("Cheaper lithium from old scooters, if prices hold", *src.BEEHIIV_STORY),
        ("recycle the lithium from scooter batteries", "processed 40 tonnes", "economics would depend"),
    ),
    "buttondown": one(
        "Reader-owned bookshop saved",
        "2026-12-03T17:45:00+00:00",
        "Spine & Margin",
        src.BUTTONDOWN_STORY,
        ("will become a co-operative", "raised the \u00a364,000", "Brennan will stay on"),
    ),
    "kit": one(
        "Record salmon run at Ashford weir",
        "2026-12-04T09:00:03-05:00",
        ("Tom", "Riverwatch Notes"),
        src.KIT_STORY[1:4],
        ("1,140 fish passed the weir", "removal of two old mill dams", "count the young fish"),
    ),
    "ghost": one(
        "Night buses to lose four routes",
        "2026-12-01T21:15:00+00:00",
        ("Sam Adeyemi", "The Late Stop"),
        src.GHOST_STORY,
        ("lose four of its eleven routes", "carried about 2,100 passengers", "Unions have asked the council"),
    ),
    "googlegroups": [
        Expected(
            (title,),
            "2026-12-03",
            (author, "eastside-neighbours@googlegroups.com", "eastside-neighbours"),
            (body,),
            (),
        )
        for (title, body), author in zip(src.GROUPS_STORIES, ("Rosa Delgado", "Ken Obi", "Lena Fischer"), strict=True)
    ],
    "mailman": [
        Expected(
            (subject,),
            when_iso,
            (name, "Eastside neighbours", "eastside-talk-request@lists.eastside.example"),
            (text,),
            (),
        )
        for (name, _, _, subject, text), when_iso in zip(
            src.MAILMAN_MESSAGES, ("2026-12-03T19:41:02+00:00", "2026-12-03T21:05:44+00:00"), strict=True
        )
    ],
    "briefing": [
        Expected((title,), "2026-12-04T05:30:00+00:00", ("The Daily Rundown",), (blurb,), ())
        for title, _, blurb in src.BRIEFING_STORIES
    ],
    "prwire": one(
        "Halvorsen Marine wins order for six electric harbour tugs",
        "2026-12-01T08:00:00-05:00",
        ("Halvorsen Marine AS", "Halvorsen Marine", "PR Wire Alerts"),
        src.WIRE_STORY,
        ("order for six battery-electric harbour tugs", "delivered between 2028 and 2030", "cutting its own emissions"),
        dateline="BERGEN, Norway",
    ),
    "gmail-forward": one(
        "Ferry fares frozen for the winter",
        "2026-11-30T07:02:00-08:00",  # Gmail prints the original's time in the forwarder's zone: the Date's
        "Island Herald",
        src.FERRY_STORY,
        ("freeze its fares for the winter", "return ticket for a car", "no sailing after 18:00"),
    ),
    "outlook-forward": one(
        "Library to open on Sundays",
        "2026-12-01T16:30:00+00:00",
        "Northam Council News",
        src.LIBRARY_STORY,
        ("open on Sundays from 10 January", "moved two posts", "Visitor numbers rose by 18 percent"),
    ),
    "apple-forward": one(
        "Christmas market returns to Castle Square",
        "2026-11-30T08:14:05+00:00",
        "Castle Quarter Bulletin",
        src.MARKET_STORY,
        ("return to Castle Square", "Sixty stalls will open", "takings had fallen by a third"),
    ),
    "plain-only": one(
        "Busiest year for the Porthwen lifeboat",
        "2026-11-29T18:00:00+00:00",
        "Porthwen Lifeboat",
        src.PLAIN_STORY,
        ("launched 61 times this year", "paddleboarders and kayakers", "needs six new crew members"),
    ),
    "html-only": one(
        "E-bike hire trial beats forecast",
        "2026-11-30T07:15:00+00:00",
        ("Nia Edwards", "Pedal County"),
        src.HTMLONLY_STORY,
        ("38,000 rides in six months", "300 bikes will stay", "eleven bikes went missing"),
    ),
    "german": one(
        "Gr\u00f6\u00dftes Solardach der Region entsteht auf dem Busdepot",
        "2026-12-02T10:00:00+01:00",
        "Stadtwerke Lindenau",
        src.DE_STORY,
        ("das gr\u00f6\u00dfte Solardach der Region", "1,9 Gigawattstunden", "Die Arbeiten beginnen im M\u00e4rz"),
    ),
    "french": one(
        "La m\u00e9diath\u00e8que rouvre en janvier",
        "2026-12-03T11:30:00+01:00",
        "La Lettre de Saint-Aubin",
        src.FR_STORY,
        ("rouvrira ses portes le 12 janvier", "nouvelle isolation", "horaires d'ouverture seront \u00e9largis"),
    ),
    "spanish": one(
        "La calle Mayor ser\u00e1 peatonal desde marzo",
        "2026-12-02T08:00:00+01:00",
        "Valdemora Digital",
        src.ES_STORY,
        ("peatonalizaci\u00f3n de la calle Mayor", "costar\u00e1 1,8 millones", "comerciantes de la zona"),
    ),
    "japanese": one(
        "\u5c0f\u5b66\u6821\u306e\u7d66\u98df\u8cbb\u3001\u6765\u5e74\u56db\u6708\u304b\u3089\u7121\u511f\u306b",
        "2026-12-02T18:00:00+09:00",
        "\u6e2f\u5317\u30bf\u30a4\u30e0\u30ba",
        src.JA_STORY,
        (
            "\u7d66\u98df\u8cbb\u3092\u7121\u511f",
            "\u7d04\u4e00\u4e07\u4e8c\u5343\u4eba",
            "\u5e02\u9577\u306f\u8a18\u8005\u4f1a\u898b",
        ),
    ),
    # CHECK2: written after the rules, before their output was seen (a second check: CHECK's per-fixture scores
    # had been seen by then).
    "thunderbird-forward": one(
        "Harbour dredging starts in January",
        "2026-12-01T10:12:55+01:00",
        "Port Authority Bulletin",
        src.DREDGE_STORY,
        ("Dredging of the harbour", "180,000 cubic metres", "Fishing boats will be moved"),
    ),
    "campaignmonitor": one(
        "Lido to reopen in May after share offer",
        "2026-12-03T18:00:00+00:00",
        ("Grace Whitfield", "Friends of the Lido"),
        src.POOL_STORY,
        ("will reopen in May", "More than 1,900 people bought shares", "caf\u00e9 run by the pool's trust"),
    ),
    "italian": one(
        "Via libera alla pista ciclabile sul fiume",
        "2026-12-01T07:00:00+01:00",
        "Valpiana Notizie",
        src.IT_STORY,
        ("nuova pista ciclabile", "costeranno 2,3 milioni", "collegher\u00e0 la stazione"),
    ),
    "portuguese": one(
        "Autocarros gratuitos para residentes em Vila Serra",
        "2026-12-04T08:15:00+00:00",
        "Jornal da Serra",
        src.PT_STORY,
        ("passam a ser gratuitos", "1,1 milh\u00f5es de euros", "visitantes continuam a pagar"),
    ),
    "korean": one(
        "\ub0b4\ub144 3\uc6d4\ubd80\ud130 \ubaa8\ub4e0 \uc2dc\ub0b4\ubc84\uc2a4 "
        "\ub178\uc120\uc5d0 \uc800\uc0c1\ubc84\uc2a4",
        "2026-12-03T17:00:00+09:00",
        "\ud574\uc548\ub274\uc2a4",
        src.KO_STORY,
        ("\uc800\uc0c1\ubc84\uc2a4\ub97c \ud22c\uc785", "120\ub300", "\ud720\uccb4\uc5b4"),
    ),
}

# Split by platform before any output was looked at (~60/40): the rules are fitted on TUNE, measured on CHECK.
TUNE = (
    "mailchimp",
    "substack",
    "beehiiv",
    "ghost",
    "gmail-forward",
    "outlook-forward",
    "briefing",
    "mailman",  # added after the first round of rules, before its output was seen (see bench/README.md)
    "plain-only",
    "german",
    "japanese",
)
CHECK = ("buttondown", "kit", "apple-forward", "googlegroups", "prwire", "html-only", "french", "spanish")
CHECK2 = ("thunderbird-forward", "campaignmonitor", "italian", "portuguese", "korean")
# Asserted: each must be right. "points": every key point is a sentence of the story (none of the furniture).
FIELDS = ("title", "date", "author", "body", "dateline", "points")
# Measured only: the body's word F1, and the share of the three sentences written down as the key points that
# the key points hold (chosen by bot.text.keypoints, not by the e-mail reader).
MEASURED = ("body_f1", "my_points")
BODY_F1 = 0.95  # the body is right when its words' F1 against the story's is at least this


def parse(name: str) -> list[Article]:
    data = (DATA / f"{name}.eml").read_bytes()
    return parse_retrieved(Retrieved(data=data, name=f"{name}.eml", location=f"/drop/{name}.eml"), now=NOW)


def tokens(text: str) -> list[str]:
    """Words, and each CJK character as a word of its own (Japanese has no spaces)."""
    return re.findall(r"[\u3040-\u30ff\u3400-\u9fff]|\w+", text.casefold())


def f1(got: str, want: str) -> float:
    a, b = tokens(got), tokens(want)
    common = sum(min(a.count(t), b.count(t)) for t in set(a))
    if not a or not b or not common:
        return 0.0
    precision, recall = common / len(a), common / len(b)
    return 2 * precision * recall / (precision + recall)


def _norm(text: str) -> str:
    return " ".join(text.split()).casefold()


def _published(article: Article) -> str | None:
    value = article.published
    if value is None:
        return None
    return value.isoformat() if isinstance(value, datetime) else date.isoformat(value)


def field_scores(article: Article | None, want: Expected) -> dict[str, float]:
    """1.0 per field a reader would accept (the body: its F1), 0.0 per field wrong; a missing story scores 0."""
    if article is None:
        return dict.fromkeys((*FIELDS, *MEASURED), 0.0)
    got_date = _published(article)
    if len(want.published) == 10 and got_date is not None:
        got_date = got_date[:10]
    body_f1 = f1(" ".join(article.body), " ".join(want.body))
    story = _norm(" ".join(want.body))
    # A key point may drop a sentence's attribution (", the board said."): its words up to its stop must be there.
    from_story = bool(article.key_points) and all(_norm(k).rstrip(".!?\u3002") in story for k in article.key_points)
    chosen = sum(any(_norm(p) in _norm(k) for k in article.key_points) for p in want.points)
    return {
        "title": float(_norm(article.title) in {_norm(t) for t in want.titles}),
        "date": float(got_date == want.published),
        "author": float(_norm(article.author or article.source) in {_norm(a) for a in want.authors}),
        "body": float(body_f1 >= BODY_F1),
        "body_f1": body_f1,
        "dateline": float(article.dateline == want.dateline),
        "points": float(from_story),
        "my_points": chosen / len(want.points) if want.points else 1.0,
    }


def fixture_scores(name: str) -> list[dict[str, float]]:
    """The scores of each expected story: paired by order when the counts agree, else by headline."""
    try:
        articles = parse(name)
    except Exception:  # a refusal scores zero on every field
        articles = []
    wants = EXPECTED[name]
    if len(articles) == len(wants):
        pairs = list(zip(articles, wants, strict=True))
    else:
        by_title = {_norm(a.title): a for a in articles}
        pairs = [(next((by_title[_norm(t)] for t in w.titles if _norm(t) in by_title), None), w) for w in wants]
    return [field_scores(article, want) for article, want in pairs]


def summary(names: tuple[str, ...]) -> dict[str, float]:
    """Each field's mean over the fixtures of ``names`` (a multi-story fixture weighs as one)."""
    totals = dict.fromkeys((*FIELDS, *MEASURED), 0.0)
    for name in names:
        rows = fixture_scores(name)
        for key in totals:
            totals[key] += sum(r[key] for r in rows) / len(rows)
    return {key: round(value / len(names), 3) for key, value in totals.items()}


def test_the_split_covers_every_fixture_once() -> None:
    assert sorted(TUNE + CHECK + CHECK2) == sorted(EXPECTED)
    assert sorted(p.stem for p in DATA.glob("*.eml")) == sorted(EXPECTED)


# CHECK fixtures still read wrong after the rules fitted on TUNE: left as they are (a rule fitted to them would
# be fitted to the measure), and said so. Strict: one that starts to pass must be moved out of this list.
KNOWN_MISSES = {
    "googlegroups": "one of the three posts' text is not the post's (body F1 0.82): not looked into, it is check",
    "prwire": "a wire release's deck and About/contact boilerplate stay in the body (its dateline is read since)",
}


@pytest.mark.parametrize(
    "name",
    [
        pytest.param(n, marks=pytest.mark.xfail(reason=KNOWN_MISSES[n], strict=True)) if n in KNOWN_MISSES else n
        for n in TUNE + CHECK + CHECK2
    ],
)
def test_a_platform_newsletter_reads_as_a_reader_expects(name: str) -> None:
    for row in fixture_scores(name):
        wrong = [key for key in FIELDS if row[key] < 1.0]
        assert not wrong, (name, wrong, round(row["body_f1"], 3))


if __name__ == "__main__":
    for name in TUNE + CHECK + CHECK2:
        for row in fixture_scores(name):
            print(f"{name:16}", " ".join(f"{k}={row[k]:.2f}" for k in (*FIELDS, *MEASURED)))
    for label, names in (("tune", TUNE), ("check", CHECK), ("check2", CHECK2)):
        print(label, summary(names))
