import json
import os
import re
from pathlib import Path

import pytest
from digest_fixtures import empty_digest, huge_digest, search_page, small_digest, stored
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.digest.discord import EMBEDS_PER_MESSAGE, embed_size, limit_problems
from bot.digest.render import Renderer
from bot.errors import ConfigError
from bot.models import Digest, DigestItem

GOLDEN = Path(__file__).parent / "data" / "render"
# Set UPDATE_GOLDEN=1 to rewrite the golden files after an intended change; review the diff before committing.
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
DIGEST_GOLDEN = {"markdown": "digest.md", "text": "digest.txt", "html": "digest.html", "discord-json": "digest.json"}
SEARCH_GOLDEN = {"markdown": "find.md", "text": "find.txt", "json": "find.json"}
UNSAFE = re.compile(r"@everyone|@here|<@|<#|<\\#")


def check_golden(name, text):
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs from its golden file"


@pytest.fixture
def renderer():
    return Renderer()


@pytest.mark.parametrize("fmt", list(DIGEST_GOLDEN))
def test_digest_golden(renderer, fmt):
    check_golden(DIGEST_GOLDEN[fmt], renderer.render(small_digest(), fmt))


@pytest.mark.parametrize("fmt", list(SEARCH_GOLDEN))
def test_search_golden(renderer, fmt):
    check_golden(SEARCH_GOLDEN[fmt], renderer.render_search(search_page(), fmt))


def test_empty_digest(renderer):
    assert "Nothing new in this period." in renderer.render(empty_digest(), "markdown")
    (message,) = renderer.discord_messages(empty_digest())
    assert message.content == "Nothing new about ferries since <t:1760605200:f>."
    assert not message.embeds


def all_strings(message):
    yield message.content
    for data in message.embeds:
        yield from (str(v) for v in data.values())


def test_sixty_huge_hostile_stories_stay_within_every_discord_limit(renderer):
    digest = huge_digest(60)
    messages = renderer.discord_messages(digest)
    for message in messages:
        assert limit_problems(message) == []
        assert len(message.embeds) <= EMBEDS_PER_MESSAGE
        assert sum(embed_size(e) for e in message.embeds) <= 6000
        for text in all_strings(message):
            assert not UNSAFE.search(text), text[:200]
    # Every story is one whole embed, in order: split between articles, never inside one.
    embeds = [e for m in messages for e in m.embeds]
    assert [e["url"] for e in embeds] == [f"https://wire.example/{n}" for n in range(60)]
    assert all(e["title"].startswith(f"Story {n} ") and e["title"].endswith("…") for n, e in enumerate(embeds))
    assert all(e["description"].endswith("…") for e in embeds)
    assert messages[0].content.startswith("**Big @\u200beveryone digest** · 60 stories")
    assert all(not m.content for m in messages[1:])
    payloads = json.loads(renderer.render(digest, "discord-json"))
    assert len(payloads) == len(messages)
    assert all(p["allowed_mentions"] == {"parse": []} for p in payloads)


def test_a_long_story_is_shortened_not_split(renderer):
    digest = huge_digest(1)
    (message,) = renderer.discord_messages(digest, description_max=4096)
    (data,) = message.embeds
    assert len(data["description"]) <= 4096
    assert data["description"].endswith("…")
    # The shortened text never ends in half an escape.
    assert not re.search(r"(?<!\\)(\\\\)*\\…$", data["description"])


def test_unsafe_urls_are_dropped(renderer):
    data = [e for m in renderer.discord_messages(small_digest()) for e in m.embeds]
    assert "url" not in data[2]  # javascript: link
    assert data[0]["url"] == "https://gazette.example/bridge?id=1"


_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=3000)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(_text, st.lists(_text, max_size=6), _text), min_size=0, max_size=25))
def test_any_digest_fits_discord(stories):
    items = tuple(
        DigestItem(stored(n + 1, title, source=source or "S", points=points, url=f"https://x.example/{n}"))
        for n, (title, points, source) in enumerate(stories)
    )
    digest = Digest(since=small_digest().since, until=small_digest().until, items=items, title="T")
    messages = Renderer().discord_messages(digest)
    for message in messages:
        assert limit_problems(message) == []
    assert sum(len(m.embeds) for m in messages) == len(items)


def test_search_messages_within_limits_with_marked_snippet(renderer):
    (message,) = renderer.search_messages(search_page())
    assert limit_problems(message) == []
    assert message.content == 'Results 1\u20132 of 12 for \u201cbridge "harbour" \\<\u200b@1>\u201d'
    first = message.embeds[0]
    assert first["title"] == "Council approves the harbour \\*bridge\\* budget"
    assert first["description"].startswith("…the new **bridge** will carry @\u200beveryone across\\_the **harbour**")
    assert "<t:1760702400:D> · Harbour Gazette" in first["description"]


def test_user_template_overrides_one_and_falls_back_for_the_rest(tmp_path, renderer):
    (tmp_path / "digest.md.j2").write_text("{{ count }} stories for {{ title }}\n", encoding="utf-8")
    mine = Renderer(tmp_path)
    assert mine.render(small_digest(), "markdown") == "3 stories for News digest\n"
    assert mine.render(small_digest(), "text") == renderer.render(small_digest(), "text")
    assert mine.render(small_digest(), "html") == renderer.render(small_digest(), "html")
    assert "discord_story.md.j2" in mine.check()


def test_broken_user_template_gives_a_clear_error(tmp_path):
    (tmp_path / "digest.txt.j2").write_text("line one\n{% for s in stories %}\nno end\n", encoding="utf-8")
    broken = Renderer(tmp_path)
    with pytest.raises(ConfigError, match=r"TEMPLATES_DIR: template .*digest\.txt\.j2 line \d+"):
        broken.render(small_digest(), "text")
    with pytest.raises(ConfigError, match=r"digest\.txt\.j2"):
        broken.check()
    (tmp_path / "digest.txt.j2").write_text("{{ no_such_variable }}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="no_such_variable"):
        Renderer(tmp_path).render(small_digest(), "text")


def test_bad_settings_and_formats(tmp_path, renderer):
    with pytest.raises(ConfigError, match="is not a folder"):
        Renderer(tmp_path / "missing")
    with pytest.raises(ValueError, match="unknown digest format"):
        renderer.render(small_digest(), "pdf")
    with pytest.raises(ValueError, match="unknown search format"):
        renderer.render_search(search_page(), "html")


def test_html_is_autoescaped_and_self_contained(renderer):
    page = renderer.render(small_digest(), "html")
    assert "Library &lt;opens&gt; late on Fridays &amp; weekends" in page
    assert "<style>" in page
    assert "src=" not in page
    assert 'href="https://gazette.example/bridge?id=1"' in page


def test_render_template_by_name_for_other_destinations(tmp_path):
    (tmp_path / "slack.txt.j2").write_text("{% for s in stories %}{{ s.headline }}|{% endfor %}", encoding="utf-8")
    out = Renderer(tmp_path).render_template("slack.txt.j2", small_digest(), escaping="markdown", extra=1)
    assert out.startswith("Council approves the harbour bridge budget|Library \\<opens>")
    with pytest.raises(ConfigError, match=r"nope\.j2 not found"):
        Renderer(tmp_path).render_template("nope.j2", small_digest())
