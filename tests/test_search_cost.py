"""A search costs a bounded amount whatever is typed: text is cut before FTS5 sees it, and the page says so."""

import random
import time

import pytest
from test_search import NOW, seed

from bot.digest.render import Renderer
from bot.errors import InvalidSearchQueryError
from bot.store.search import MAX_QUERY_CHARS, MAX_TERMS, SEARCH_CAP_MESSAGE, build_match, search

# Generous on a loaded two-core machine; before the cap, the first query below took 26 s and 216 MB.
BOUND_SECONDS = 1.0


def _unicode_soup(rng: random.Random, size: int) -> str:
    planes = [(0x20, 0x7E), (0xA0, 0x24F), (0x370, 0x3FF), (0x400, 0x4FF), (0x3040, 0x30FF), (0x4E00, 0x9FFF)]
    planes += [(0x1F300, 0x1FAFF), (0x0300, 0x036F), (0x200B, 0x200F), (0xE000, 0xE0FF)]
    chars = []
    while len(chars) < size:
        low, high = rng.choice(planes)
        chars.append(chr(rng.randint(low, high)))
        if rng.random() < 0.15:
            chars.append(rng.choice([" ", '"', "-", "*", " OR ", " NOT ", "(", ")", ":", "^"]))
    return "".join(chars)


def pathological() -> list[tuple[str, str]]:
    rng = random.Random(16)
    words = ["lighthouse", "harbour", "keeper", "bridge", "ferry", "council", "winter", "museum"]
    cases = [
        ("100 KB OR chain", " OR ".join(rng.choice(words) for _ in range(10_000))[:100_000]),
        ("OR chain of one letter", "a OR " * 20_000),
        ("OR chain of distinct words", " OR ".join(f"w{n}x" for n in range(20_000))),
        ("many quotes", '"' * 100_000),
        ("many quoted phrases", '"lighthouse keeper" ' * 5_000),
        ("unbalanced quotes", '"lighthouse "keeper' * 5_000),
        ("many prefixes", " ".join(f"{rng.choice(words)[:3]}*" for _ in range(20_000))),
        ("prefix OR chain", " OR ".join("li*" for _ in range(20_000))),
        ("deep exclusion list", "lighthouse " + " ".join(f"-w{n}" for n in range(20_000))),
        ("NOT chain", "lighthouse" + " NOT keeper" * 10_000),
        ("dash soup", "-" * 50_000 + " lighthouse"),
        ("one huge word", "lighthouse" * 10_000),
        ("unicode soup", _unicode_soup(rng, 100_000)),
        ("operators only", "OR AND NOT NEAR( ) ^ : * " * 5_000),
        ("nested parentheses", "(" * 20_000 + "lighthouse" + ")" * 20_000),
        ("control characters", "\x00\x01lighthouse\x7f" * 10_000),
    ]
    for n in range(6):  # random mixtures of the above
        size = rng.choice([1_000, 10_000, 100_000])
        parts = [rng.choice([*words, "OR", "NOT", '"', "-", "*", "(", _unicode_soup(rng, 5)]) for _ in range(size)]
        cases.append((f"random mixture {n}", " ".join(parts)[:size]))
    return cases


@pytest.fixture
async def seeded(db):
    await seed(db)
    return db


@pytest.mark.parametrize(("name", "text"), pathological(), ids=[name for name, _ in pathological()])
async def test_pathological_queries_finish_fast_with_results_or_a_friendly_message(seeded, name, text):
    started = time.perf_counter()
    message = ""
    try:
        page = await search(seeded, text, now=NOW, limit=10)
    except InvalidSearchQueryError as exc:
        message, page = str(exc), None
    elapsed = time.perf_counter() - started
    if page is None:
        assert message.endswith("."), message  # one of the friendly sentences
        assert len(message) < 200
    assert elapsed < BOUND_SECONDS, f"{name}: {elapsed:.2f} s"
    if page is not None:
        assert page.total >= len(page.hits)
        assert page.note.startswith(SEARCH_CAP_MESSAGE)  # every case here is over a cap, and the page says so


def test_the_cap_message_states_the_caps():
    assert f"{MAX_TERMS} words" in SEARCH_CAP_MESSAGE
    assert f"{MAX_QUERY_CHARS} characters" in SEARCH_CAP_MESSAGE


def test_every_alternative_and_exclusion_counts_as_a_term():
    assert build_match(" OR ".join(f"w{n}x" for n in range(1000))).count('"w') == MAX_TERMS
    assert build_match("keep " + " ".join(f"-w{n}x" for n in range(1000))).count('"w') == MAX_TERMS - 1


def test_only_the_first_characters_are_read():
    text = "x" * MAX_QUERY_CHARS + " zebra"  # two terms, the second after MAX_QUERY_CHARS
    assert "zebra" not in build_match(text)
    assert "zebra" in build_match(text[-20:])


async def test_a_short_search_has_no_note(seeded):
    page = await search(seeded, "lighthouse OR ferry -museum", now=NOW)
    assert page.hits
    assert page.note == ""


async def test_an_over_long_search_still_finds_and_says_it_was_cut(seeded):
    text = "lighthouse " + " ".join(f"OR w{n}x" for n in range(5_000))
    page = await search(seeded, text, now=NOW)
    assert [h.title for h in page.hits][:1] == ["Lighthouse keeper retires after forty years"]
    shown = Renderer().render_search(page, "text")
    assert SEARCH_CAP_MESSAGE in shown
    assert len(shown) < 5_000  # the query is echoed cut, not whole
    header = Renderer().search_messages(page)[0].content
    assert SEARCH_CAP_MESSAGE in header
