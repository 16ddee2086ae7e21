"""Render digests and search results through jinja2 templates, within each destination's limits.

Templates are looked up in the user's folder first (setting ``TEMPLATES_DIR``), then in the bundled
``bot/templates/`` (``bot/digest/templating.py``, shared with the newsletter); a user folder holding only
``digest.md.j2`` changes the markdown digest and nothing else.
``templates/README.md`` lists each template and its variables.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from bot.digest import templating
from bot.digest.discord import STORY_DESCRIPTION_MAX, DiscordMessage, embed, limit_problems, pack
from bot.digest.escape import shorten
from bot.digest.formats import DIGEST_FORMATS, SEARCH_FORMATS
from bot.digest.views import digest_context, search_context
from bot.limits.discord import FOOTER_MAX
from bot.models import Digest, SearchPage
from bot.newsletter import render as newsletter

__all__ = ["DIGEST_FORMATS", "SEARCH_FORMATS", "DiscordMessage", "Renderer", "limit_problems"]

_DIGEST_TEMPLATES = {"markdown": "digest.md.j2", "text": "digest.txt.j2", "html": "digest.html.j2"}
_SEARCH_TEMPLATES = {"markdown": "find.md.j2", "text": "find.txt.j2"}
# The one line that counts the stories over a post's cap; an embed footer, so plain text.
MORE_TEMPLATE = "discord_more.txt.j2"


class Renderer:
    """Digests and search results through the one template environment (``bot/digest/templating.py``)."""

    def __init__(self, templates_dir: Path | None = None) -> None:
        """Set up the template lookup.

        Raises:
            ConfigError: if ``templates_dir`` is given but is not a folder.
        """
        self.templates_dir = templates_dir
        self.env = templating.environment(templates_dir)

    def _render(self, name: str, context: dict[str, Any]) -> str:
        return templating.render(self.env, name, context)

    def check(self) -> list[str]:
        """Compile every template the renderer uses; return their names.

        Raises:
            ConfigError: naming the first template that does not compile.
        """
        names = [*_DIGEST_TEMPLATES.values(), *_SEARCH_TEMPLATES.values(), "discord_header.md.j2"]
        names += ["discord_story.md.j2", MORE_TEMPLATE, "discord_find_header.md.j2", "discord_find_hit.md.j2"]
        names += [newsletter.HTML_TEMPLATE, newsletter.TEXT_TEMPLATE]
        return templating.check(self.env, names)

    def render(self, digest: Digest, fmt: str) -> str:
        """Render as ``markdown``, ``text``, ``html`` or ``discord-json`` (a JSON list of message payloads).

        Raises:
            ValueError: for an unknown format.
            ConfigError: when a template is broken.
        """
        if fmt == "discord-json":
            payloads = [m.payload() for m in self.discord_messages(digest)]
            return json.dumps(payloads, ensure_ascii=False, indent=2) + "\n"
        if fmt not in _DIGEST_TEMPLATES:
            raise ValueError(f"unknown digest format {fmt!r}; use one of {', '.join(DIGEST_FORMATS)}")
        return self._render(_DIGEST_TEMPLATES[fmt], digest_context(digest, fmt))

    def render_template(self, name: str, digest: Digest, *, escaping: str = "text", **extra: object) -> str:
        """Render any digest template by name (a newsletter, a Slack payload) with the usual variables.

        ``escaping`` says how text fields are escaped: ``markdown``, ``discord``, ``text`` or ``html`` (for
        ``.html.j2`` names autoescape does it); ``extra`` adds variables.

        Raises:
            ValueError: for an unknown escaping.
            ConfigError: when the template is missing or broken.
        """
        if escaping not in ("markdown", "discord", "text", "html"):
            raise ValueError(f"unknown escaping {escaping!r}")
        return self._render(name, {**digest_context(digest, escaping), **extra})

    def discord_messages(self, digest: Digest, *, description_max: int = STORY_DESCRIPTION_MAX) -> list[DiscordMessage]:
        """Split the digest into messages within Discord's limits, at article boundaries.

        One embed per story; a story too long for its embed is shortened with an ellipsis, never split. A
        story's image is its embed's thumbnail; the lead story's is the embed's large image.
        Stories over the cap (``digest.more``) are counted in one line, the last embed's footer.
        An empty digest gives one message whose content says so.

        Raises:
            ConfigError: when a template is broken.
        """
        context = digest_context(digest, "discord")
        header = self._render("discord_header.md.j2", context)
        embeds = [
            embed(
                story.headline,
                self._render("discord_story.md.j2", {**context, "story": story}),
                story.url,
                description_max=description_max,
                image=story.image.url if story.image else None,
                large_image=index == 0,
            )
            for index, story in enumerate(context["stories"])
        ]
        if digest.more:
            line = " ".join(self._render(MORE_TEMPLATE, digest_context(digest, "text")).split())
            if embeds and line:
                embeds[-1]["footer"] = {"text": shorten(line, FOOTER_MAX)}
            elif line:
                header = f"{header.strip()}\n{line}"
        return pack(embeds, header)

    def render_search(self, page: SearchPage, fmt: str) -> str:
        """Render search results as ``markdown``, ``text`` or ``json``.

        Raises:
            ValueError: for an unknown format.
            ConfigError: when a template is broken.
        """
        if fmt == "json":
            return json.dumps(_page_json(page), ensure_ascii=False, indent=2) + "\n"
        if fmt not in _SEARCH_TEMPLATES:
            raise ValueError(f"unknown search format {fmt!r}; use one of {', '.join(SEARCH_FORMATS)}")
        return self._render(_SEARCH_TEMPLATES[fmt], search_context(page, fmt))

    def search_messages(self, page: SearchPage) -> list[DiscordMessage]:
        """Render a page of hits as Discord messages: one embed per hit with snippet, date and link.

        Raises:
            ConfigError: when a template is broken.
        """
        context = search_context(page, "discord")
        header = self._render("discord_find_header.md.j2", context)
        embeds = [
            embed(hit.headline, self._render("discord_find_hit.md.j2", {**context, "hit": hit}), hit.url)
            for hit in context["hits"]
        ]
        return pack(embeds, header)


def _page_json(page: SearchPage) -> dict[str, Any]:
    hits = search_context(page, "text")["hits"]
    return {
        "query": page.query,
        "total": page.total,
        "offset": page.offset,
        "limit": page.limit,
        "hits": [
            {
                "id": h.hit.article_id,
                "title": h.hit.title,
                "published": h.date_iso,
                "arrived_at": h.hit.arrived_at.isoformat(),
                "source": h.hit.source,
                "url": h.hit.url,
                "snippet": h.snippet_plain,
                "score": h.hit.score,
            }
            for h in hits
        ],
    }
