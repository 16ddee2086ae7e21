"""Discord's request rules for the emulator: the OpenAPI schemas and the limits the spec does not carry.

The schemas are an excerpt of discord/discord-api-spec (MIT, see discord_openapi_LICENSE), validated with
jsonschema Draft 2020-12 and referencing. Errors come back in Discord's shape (400, code 50035, nested errors).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from aiohttp import web
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

SPEC_PATH = Path(__file__).with_name("discord_openapi_subset.json")
SPEC_URI = "urn:discord-openapi-subset"
DISCORD_EPOCH_MS = 1420070400000
API = "/api/v10"

# Which spec operation validates which emulator route.
_OPERATIONS = {
    "channel_message": ("/channels/{channel_id}/messages", "post"),
    "callback": ("/interactions/{interaction_id}/{interaction_token}/callback", "post"),
    "followup": ("/webhooks/{webhook_id}/{webhook_token}", "post"),
    "edit_original": ("/webhooks/{webhook_id}/{webhook_token}/messages/@original", "patch"),
    "global_commands": ("/applications/{application_id}/commands", "put"),
    "guild_commands": ("/applications/{application_id}/guilds/{guild_id}/commands", "put"),
    "thread_from_message": ("/channels/{channel_id}/messages/{message_id}/threads", "post"),
    "thread_create": ("/channels/{channel_id}/threads", "post"),
}


def _pointer(path: str, method: str) -> str:
    escaped = path.replace("~", "~0").replace("/", "~1")
    return f"{SPEC_URI}#/paths/{escaped}/{method}/requestBody/content/application~1json/schema"


def validators() -> dict[str, Draft202012Validator]:
    spec = json.loads(SPEC_PATH.read_text(encoding="utf-8"))
    # The spec types snowflakes as strings; the live API also takes JSON integers (discord.py sends
    # attachment ids as 0, 1, ...), so accept both here rather than fail on what Discord accepts.
    snowflake = spec["components"]["schemas"]["SnowflakeType"]
    spec["components"]["schemas"]["SnowflakeType"] = {"anyOf": [snowflake, {"type": "integer", "minimum": 0}]}
    registry: Registry[Any] = Registry().with_resource(SPEC_URI, Resource.from_contents(spec, DRAFT202012))
    return {
        name: Draft202012Validator({"$ref": _pointer(path, method)}, registry=registry)
        for name, (path, method) in _OPERATIONS.items()
    }


class DiscordError(Exception):
    """An error response in Discord's shape."""

    def __init__(self, status: int, code: int, message: str, errors: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.errors = status, code, message, errors

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.errors is not None:
            body["errors"] = self.errors
        return body


def _nested(path: list[Any], code: str, message: str, into: dict[str, Any]) -> None:
    node = into
    for part in path:
        node = node.setdefault(str(part), {})
    node.setdefault("_errors", []).append({"code": code, "message": message})


def invalid_form(problems: list[tuple[list[Any], str, str]]) -> DiscordError:
    errors: dict[str, Any] = {}
    for path, code, message in problems:
        _nested(path, code, message, errors)
    return DiscordError(400, 50035, "Invalid Form Body", errors)


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # Exactly application/json: with "; charset=utf-8" discord.py would read the body as text.
    return web.Response(
        status=status, body=json.dumps(data).encode(), headers={"Content-Type": "application/json", **(headers or {})}
    )


def check_message(
    body: dict[str, Any], *, create: bool, problems: list[str], pingable: frozenset[str] = frozenset()
) -> str | None:
    """Enforce what Discord checks beyond the spec; return the role the message pings, if any.

    A message must carry allowed_mentions ``{"parse": []}``, or, where ``pingable`` roles may be pinged (a
    scheduled post), exactly ``{"parse": [], "roles": [ONE]}`` naming one of them and mentioning it; anything
    else (everyone, here, users, several roles, a role named but not mentioned) is a problem.
    """
    found: list[tuple[list[Any], str, str]] = []
    content = body.get("content")
    if isinstance(content, str) and len(content) > 2000:
        found.append((["content"], "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length."))
    embeds = body.get("embeds") or []
    total = 0
    for index, embed in enumerate(embeds):
        for kind in ("image", "thumbnail"):
            # Discord refuses an image URL of any other scheme (an attachment:// one aside) with this error.
            link = str((embed.get(kind) or {}).get("url") or "")
            if kind in embed and not link.startswith(("http://", "https://", "attachment://")):
                message = "Scheme must be one of ('http', 'https', 'attachment')."
                found.append((["embeds", index, kind, "url"], "URL_TYPE_INVALID_URL", message))
        total += len(embed.get("title") or "") + len(embed.get("description") or "")
        total += len((embed.get("footer") or {}).get("text") or "")
        total += len((embed.get("author") or {}).get("name") or "")
        for number, item in enumerate(embed.get("fields") or []):
            name, value = str(item.get("name", "")), str(item.get("value", ""))
            total += len(name) + len(value)
            for key, text in (("name", name), ("value", value)):
                if not text.strip():
                    found.append(
                        (["embeds", index, "fields", number, key], "BASE_TYPE_REQUIRED", "This field is required")
                    )
    if total > 6000:
        found.append((["embeds"], "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000"))
    if found:
        raise invalid_form(found)
    if create and not (
        content or embeds or body.get("components") or body.get("attachments") or body.get("sticker_ids")
    ):
        raise DiscordError(400, 50006, "Cannot send an empty message")
    mentions = body.get("allowed_mentions")
    if create and mentions != {"parse": []}:
        roles = [str(r) for r in (mentions or {}).get("roles") or []] if isinstance(mentions, dict) else []
        one = set(mentions or {}) == {"parse", "roles"} and mentions["parse"] == [] and len(roles) == 1
        if one and roles[0] in pingable and f"<@&{roles[0]}>" in str(content or ""):
            return roles[0]
        problems.append(f"message without allowed_mentions {{'parse': []}}: {mentions!r}")
    return None
