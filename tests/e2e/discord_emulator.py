"""A small Discord API emulator (REST + gateway on one 127.0.0.1 port) for driving the real discord.py client.

Every request body is validated against Discord's OpenAPI schemas (tests/e2e/discord_openapi_subset.json,
an excerpt of discord/discord-api-spec, MIT, see discord_openapi_LICENSE) and against the rules the spec
does not carry. Anything the bot should never do (an invalid body, an unknown route, a second callback,
a late callback) is recorded in ``problems``; the scenario fixtures fail on it.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from aiohttp import WSMsgType, web
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
}


def _pointer(path: str, method: str) -> str:
    escaped = path.replace("~", "~0").replace("/", "~1")
    return f"{SPEC_URI}#/paths/{escaped}/{method}/requestBody/content/application~1json/schema"


def _validators() -> dict[str, Draft202012Validator]:
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


def _json(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> web.Response:
    # Exactly application/json: with "; charset=utf-8" discord.py would read the body as text.
    return web.Response(
        status=status, body=json.dumps(data).encode(), headers={"Content-Type": "application/json", **(headers or {})}
    )


@dataclass
class Interaction:
    id: str
    token: str
    channel_id: str
    user_id: str
    created: float
    kind: int
    ephemeral: bool = False
    responded: bool = False
    original: dict[str, Any] | None = None
    message: dict[str, Any] | None = None  # the message a component interaction came from


@dataclass
class Request:
    method: str
    path: str
    body: Any
    query: dict[str, str]


@dataclass
class RateLimit:
    method: str
    path_prefix: str
    retry_after: float
    remaining: int = 1


@dataclass
class Emulator:
    token: str = "emulated-bot-token"  # noqa: S105 - a test token for the emulator
    app_id: str = "900000000000000001"
    bot_id: str = "900000000000000002"
    guild_id: str = "900000000000000010"
    channels: dict[str, str] = field(
        default_factory=lambda: {"900000000000000020": "news", "900000000000000021": "general"}
    )
    now: Callable[[], datetime] = field(default=lambda: datetime.now(UTC))
    requests: list[Request] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    messages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    interactions: dict[str, Interaction] = field(default_factory=dict)
    commands: list[dict[str, Any]] = field(default_factory=list)
    forbidden_channels: set[str] = field(default_factory=set)
    failing_channels: dict[str, int] = field(default_factory=dict)
    rate_limits: list[RateLimit] = field(default_factory=list)
    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    identifies: int = 0
    resumes: int = 0
    callback_deadline: float = 3.0

    def __post_init__(self) -> None:
        self._validators = _validators()
        self._ids = itertools.count(1)
        self._seq = 0
        self._ws: web.WebSocketResponse | None = None
        self._session_id = secrets.token_hex(8)
        self._runner: web.AppRunner | None = None
        self._changed = asyncio.Event()
        self.port = 0
        self.received: list[dict[str, Any]] = []

    # ----- lifecycle -------------------------------------------------------------------------------------
    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/files/{name}", self._file)
        app.router.add_route("*", "/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]

    async def close(self) -> None:
        if self._ws is not None and not self._ws.closed:
            await self._ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}{API}"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway"

    # ----- ids and objects -------------------------------------------------------------------------------
    def snowflake(self) -> str:
        ms = int(self.now().timestamp() * 1000) - DISCORD_EPOCH_MS
        return str((ms << 22) + (next(self._ids) % (1 << 22)))

    def user(self, user_id: str, name: str, *, bot: bool = False) -> dict[str, Any]:
        return {
            "id": user_id,
            "username": name,
            "discriminator": "0",
            "global_name": name,
            "avatar": None,
            "bot": bot,
            "public_flags": 0,
        }

    def bot_user(self) -> dict[str, Any]:
        return {**self.user(self.bot_id, "newsdigest", bot=True), "verified": True, "mfa_enabled": False, "flags": 0}

    def channel(self, channel_id: str) -> dict[str, Any]:
        return {
            "id": channel_id,
            "type": 0,
            "guild_id": self.guild_id,
            "name": self.channels[channel_id],
            "position": 0,
            "permission_overwrites": [],
            "nsfw": False,
            "parent_id": None,
            "topic": None,
            "last_message_id": None,
            "rate_limit_per_user": 0,
        }

    def _message(
        self, channel_id: str, body: dict[str, Any], *, author: dict[str, Any], kind: int = 0
    ) -> dict[str, Any]:
        message_id = self.snowflake()
        return {
            "id": message_id,
            "channel_id": channel_id,
            "guild_id": self.guild_id,
            "author": author,
            "content": body.get("content") or "",
            "timestamp": self.now().isoformat(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [
                {"id": self.snowflake(), "filename": a.get("filename", "file"), "size": 0, "url": "", "proxy_url": ""}
                for a in body.get("attachments") or []
            ],
            "embeds": body.get("embeds") or [],
            "components": body.get("components") or [],
            "pinned": False,
            "type": kind,
            "flags": body.get("flags") or 0,
        }

    # ----- rules the spec does not carry -------------------------------------------------------------------
    def _check_message(self, body: dict[str, Any], *, create: bool, limit_content: bool = True) -> None:
        problems: list[tuple[list[Any], str, str]] = []
        content = body.get("content")
        if limit_content and isinstance(content, str) and len(content) > 2000:
            problems.append((["content"], "BASE_TYPE_MAX_LENGTH", "Must be 2000 or fewer in length."))
        embeds = body.get("embeds") or []
        total = 0
        for index, embed in enumerate(embeds):
            total += len(embed.get("title") or "") + len(embed.get("description") or "")
            total += len((embed.get("footer") or {}).get("text") or "") + len(
                (embed.get("author") or {}).get("name") or ""
            )
            for number, item in enumerate(embed.get("fields") or []):
                name, value = str(item.get("name", "")), str(item.get("value", ""))
                total += len(name) + len(value)
                for key, text in (("name", name), ("value", value)):
                    if not text.strip():
                        problems.append(
                            (["embeds", index, "fields", number, key], "BASE_TYPE_REQUIRED", "This field is required")
                        )
        if total > 6000:
            problems.append((["embeds"], "MAX_EMBED_SIZE_EXCEEDED", "Embed size exceeds maximum size of 6000"))
        if problems:
            raise invalid_form(problems)
        if create and not (
            content or embeds or body.get("components") or body.get("attachments") or body.get("sticker_ids")
        ):
            raise DiscordError(400, 50006, "Cannot send an empty message")
        if create and body.get("allowed_mentions") != {"parse": []}:
            self.problems.append(f"message without allowed_mentions {{'parse': []}}: {body.get('allowed_mentions')!r}")

    def _validate(self, operation: str, body: Any) -> None:
        errors = sorted(self._validators[operation].iter_errors(body), key=lambda e: list(e.absolute_path))
        if errors:
            self.problems.append(f"{operation}: body does not match the spec: {[e.message[:200] for e in errors]}")
            raise invalid_form([(list(e.absolute_path), "BASE_TYPE_INVALID", e.message[:200]) for e in errors])

    # ----- REST ----------------------------------------------------------------------------------------------
    async def _read_body(self, request: web.Request) -> tuple[Any, dict[str, bytes]]:
        files: dict[str, bytes] = {}
        if request.content_type.startswith("multipart/"):
            payload: Any = None
            reader = await request.multipart()
            async for part in reader:
                data = await part.read()  # type: ignore[union-attr]
                if part.name == "payload_json":  # type: ignore[union-attr]
                    payload = json.loads(data)
                else:
                    files[part.name or ""] = bytes(data)  # type: ignore[union-attr]
            return payload, files
        if request.can_read_body:
            text = await request.text()
            return (json.loads(text) if text else None), files
        return None, files

    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = request.path
        try:
            body, files = await self._read_body(request)
        except ValueError:
            self.problems.append(f"{request.method} {path}: body is not JSON")
            return _json({"code": 50109, "message": "The request body contains invalid JSON."}, 400)
        self.requests.append(Request(request.method, path, body, dict(request.query)))
        self._changed.set()
        for limit in self.rate_limits:
            if limit.remaining > 0 and request.method == limit.method and path.startswith(API + limit.path_prefix):
                limit.remaining -= 1
                # discord.py only retries a 429 that came through Discord's proxy (a Via header).
                return _json(
                    {"message": "You are being rate limited.", "retry_after": limit.retry_after, "global": False},
                    429,
                    {"Via": "1.1 google", "Retry-After": str(limit.retry_after)},
                )
        try:
            return await self._route(request, path.removeprefix(API), body, files)
        except DiscordError as exc:
            return _json(exc.body(), exc.status)

    def _auth(self, request: web.Request) -> None:
        if request.headers.get("Authorization") != f"Bot {self.token}":
            raise DiscordError(401, 0, "401: Unauthorized")

    async def _route(self, request: web.Request, path: str, body: Any, files: dict[str, bytes]) -> web.StreamResponse:
        parts = path.strip("/").split("/")
        method = request.method
        if method == "GET" and parts == ["users", "@me"]:
            self._auth(request)
            return _json(self.bot_user())
        if method == "GET" and parts == ["oauth2", "applications", "@me"]:
            self._auth(request)
            return _json(
                {
                    "id": self.app_id,
                    "name": "newsdigest",
                    "description": "",
                    "icon": None,
                    "bot_public": False,
                    "bot_require_code_grant": False,
                    "owner": self.user("900000000000000099", "owner"),
                    "verify_key": "0" * 64,
                    "flags": 0,
                }
            )
        if method == "PUT" and parts[:2] == ["applications", self.app_id] and parts[-1] == "commands":
            self._auth(request)
            guild = len(parts) == 5 and parts[2] == "guilds"
            if not guild and len(parts) != 3:
                return self._unknown(request)
            self._validate("guild_commands" if guild else "global_commands", body)
            self.commands = [
                {
                    **cmd,
                    "id": self.snowflake(),
                    "application_id": self.app_id,
                    "version": self.snowflake(),
                    "type": cmd.get("type", 1),
                    "description": cmd.get("description", ""),
                    **({"guild_id": parts[3]} if guild else {}),
                }
                for cmd in body or []
            ]
            return _json(self.commands)
        if parts[0] == "channels" and len(parts) == 3 and parts[2] == "messages":
            self._auth(request)
            channel_id = parts[1]
            self._channel_ok(channel_id)
            if method == "GET":
                return _json(self._history(channel_id, request.query))
            if method == "POST":
                self._validate("channel_message", body)
                self._check_message(body, create=True)
                if channel_id in self.failing_channels:
                    return _json({"message": "Service Unavailable", "code": 0}, self.failing_channels[channel_id])
                message = self._message(channel_id, body, author=self.bot_user())
                self.messages.setdefault(channel_id, []).append(message)
                return _json(message)
        if method == "GET" and parts[0] == "channels" and len(parts) == 2:
            self._auth(request)
            self._channel_ok(parts[1])
            return _json(self.channel(parts[1]))
        if method == "POST" and parts[0] == "interactions" and len(parts) == 4 and parts[3] == "callback":
            return self._callback(parts[1], parts[2], body, files)
        if parts[0] == "webhooks" and len(parts) >= 3 and parts[1] == self.app_id:
            interaction = self._by_token(parts[2])
            if method == "POST" and len(parts) == 3:
                self._validate("followup", body)
                self._check_message(body, create=True)
                return _json(self._followup(interaction, body, files))
            if method == "PATCH" and parts[3:] == ["messages", "@original"]:
                self._validate("edit_original", body)
                self._check_message(body, create=False)
                if interaction.original is None:
                    raise DiscordError(404, 10008, "Unknown Message")
                interaction.original.update({k: v for k, v in body.items() if k in ("content", "embeds", "components")})
                interaction.original["flags"] = interaction.original.get("flags", 0) & ~128
                return _json(interaction.original)
            if method == "GET" and parts[3:] == ["messages", "@original"] and interaction.original is not None:
                return _json(interaction.original)
        return self._unknown(request)

    def _unknown(self, request: web.Request) -> web.Response:
        # A 404 (not a 5xx, which discord.py retries with sleeps) that the scenario fails on.
        self.problems.append(f"unknown route {request.method} {request.path}")
        return _json({"message": "404: Not Found", "code": 0}, 404)

    def _channel_ok(self, channel_id: str) -> None:
        if channel_id not in self.channels:
            raise DiscordError(404, 10003, "Unknown Channel")
        if channel_id in self.forbidden_channels:
            raise DiscordError(403, 50013, "Missing Permissions")

    def _history(self, channel_id: str, query: Any) -> list[dict[str, Any]]:
        found = self.messages.get(channel_id, [])
        if "after" in query:
            found = [m for m in found if int(m["id"]) > int(query["after"])]
            found = found[: int(query.get("limit", 50))]
        else:
            found = found[-int(query.get("limit", 50)) :]
        return list(reversed(found))  # newest first, as Discord does

    def _by_token(self, token: str) -> Interaction:
        for interaction in self.interactions.values():
            if interaction.token == token:
                return interaction
        raise DiscordError(404, 10015, "Unknown Webhook")

    def _callback(self, interaction_id: str, token: str, body: Any, files: dict[str, bytes]) -> web.Response:
        self._validate("callback", body)
        interaction = self.interactions.get(interaction_id)
        if interaction is None or interaction.token != token:
            raise DiscordError(404, 10062, "Unknown interaction")
        loop = asyncio.get_running_loop()
        if loop.time() - interaction.created > self.callback_deadline:
            self.problems.append(f"callback for interaction {interaction_id} after {self.callback_deadline} s")
            raise DiscordError(404, 10062, "Unknown interaction")
        if interaction.responded:
            self.problems.append(f"second callback for interaction {interaction_id}")
            raise DiscordError(400, 40060, "Interaction has already been acknowledged.")
        kind = body["type"]
        data = body.get("data") or {}
        message: dict[str, Any] | None = None
        if kind == 4:
            self._check_message({**data, "attachments": data.get("attachments") or list(files)}, create=True)
            interaction.ephemeral = bool(data.get("flags", 0) & 64)
            message = self._message(interaction.channel_id, data, author=self.bot_user(), kind=20)
            interaction.original = message
        elif kind == 5:
            interaction.ephemeral = bool(data.get("flags", 0) & 64)
            message = self._message(
                interaction.channel_id, {"flags": data.get("flags", 0) | 128}, author=self.bot_user(), kind=20
            )
            interaction.original = message
        elif kind == 7:
            self._check_message(data, create=False)
            if interaction.message is None:
                raise DiscordError(400, 50035, "Invalid Form Body")
            interaction.message.update({k: v for k, v in data.items() if k in ("content", "embeds", "components")})
            message = interaction.message
        elif kind == 8:
            message = None
        elif kind != 6:
            self.problems.append(f"unexpected callback type {kind}")
        interaction.responded = True
        self.received.append({"interaction": interaction_id, "type": kind, "data": data})
        if message is not None and kind in (4, 5) and not interaction.ephemeral:
            self.messages.setdefault(interaction.channel_id, []).append(message)
        self._changed.set()
        return _json(
            {
                "interaction": {
                    "id": interaction_id,
                    "type": interaction.kind,
                    "response_message_id": message["id"] if message else None,
                    "response_message_loading": kind == 5,
                    "response_message_ephemeral": interaction.ephemeral,
                },
                "resource": {"type": kind, **({"message": message} if message else {})},
            }
        )

    def _followup(self, interaction: Interaction, body: dict[str, Any], files: dict[str, bytes]) -> dict[str, Any]:
        if not interaction.responded:
            raise DiscordError(404, 10015, "Unknown Webhook")
        original = interaction.original
        if original is not None and original.get("flags", 0) & 128:
            # The first follow-up after a deferral replaces the "thinking" message, with its visibility.
            original.update({k: v for k, v in body.items() if k in ("content", "embeds", "components")})
            original["flags"] = original.get("flags", 0) & ~128
            self.received.append({"followup": interaction.id, "message": dict(body)})
            return original
        message = self._message(interaction.channel_id, body, author=self.bot_user(), kind=20)
        if not body.get("flags", 0) & 64:
            self.messages.setdefault(interaction.channel_id, []).append(message)
        interaction.original = interaction.original or message
        self.received.append({"followup": interaction.id, "message": dict(body)})
        return message

    async def _file(self, request: web.Request) -> web.Response:
        """Serve attachments (CDN) and feed files (a news site) from the same loopback port."""
        name = request.match_info["name"]
        if name not in self.files:
            return self._unknown(request)
        data, content_type = self.files[name]
        return web.Response(body=data, headers={"Content-Type": content_type})

    def serve(self, name: str, data: bytes, content_type: str = "application/rss+xml") -> str:
        self.files[name] = (data, content_type)
        return f"http://127.0.0.1:{self.port}/files/{name}"

    # ----- gateway -------------------------------------------------------------------------------------------
    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._ws = ws
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 41250}, "s": None, "t": None}))
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                continue
            payload = json.loads(msg.data)
            op = payload["op"]
            if op == 1:
                await ws.send_str(json.dumps({"op": 11, "d": None, "s": None, "t": None}))
            elif op == 2:
                if payload["d"].get("token") != self.token:
                    await ws.close(code=4004, message=b"Authentication failed.")
                    break
                self.identifies += 1
                self._seq = 0
                await self._dispatch(
                    "READY",
                    {
                        "v": 10,
                        "user": self.bot_user(),
                        "guilds": [{"id": self.guild_id, "unavailable": True}],
                        "session_id": self._session_id,
                        "resume_gateway_url": self.gateway_url,
                        "application": {"id": self.app_id, "flags": 0},
                        "private_channels": [],
                        "relationships": [],
                    },
                )
                await self._dispatch("GUILD_CREATE", self.guild())
            elif op == 6:
                if payload["d"].get("session_id") != self._session_id:
                    await ws.send_str(json.dumps({"op": 9, "d": False, "s": None, "t": None}))
                    continue
                self.resumes += 1
                await self._dispatch("RESUMED", {})
            self._changed.set()
        return ws

    def guild(self) -> dict[str, Any]:
        return {
            "id": self.guild_id,
            "name": "Newsroom",
            "owner_id": "900000000000000099",
            "unavailable": False,
            "roles": [
                {
                    "id": self.guild_id,
                    "name": "@everyone",
                    "permissions": "1024",
                    "position": 0,
                    "color": 0,
                    "hoist": False,
                    "managed": False,
                    "mentionable": False,
                    "flags": 0,
                }
            ],
            "channels": [self.channel(c) for c in self.channels],
            "members": [],
            "member_count": 3,
            "emojis": [],
            "stickers": [],
            "features": [],
            "threads": [],
            "presences": [],
            "voice_states": [],
            "large": False,
            "joined_at": "2026-01-01T00:00:00+00:00",
            "premium_tier": 0,
            "system_channel_id": None,
            "preferred_locale": "en-US",
        }

    async def _dispatch(self, event: str, data: dict[str, Any]) -> None:
        assert self._ws is not None
        self._seq += 1
        await self._ws.send_str(json.dumps({"op": 0, "t": event, "s": self._seq, "d": data}))

    async def request_reconnect(self) -> None:
        """Send op 7 RECONNECT: the client drops the socket and RESUMEs on resume_gateway_url."""
        assert self._ws is not None
        await self._ws.send_str(json.dumps({"op": 7, "d": None, "s": None, "t": None}))

    # ----- acting as a user -------------------------------------------------------------------------------
    def _member(self, user_id: str, name: str, permissions: int) -> dict[str, Any]:
        return {
            "user": self.user(user_id, name),
            "roles": [],
            "flags": 0,
            "permissions": str(permissions),
            "joined_at": "2026-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
            "pending": False,
            "nick": None,
            "avatar": None,
        }

    async def _send_interaction(
        self,
        kind: int,
        data: dict[str, Any],
        *,
        channel_id: str,
        user_id: str,
        permissions: int,
        message: dict[str, Any] | None = None,
    ) -> Interaction:
        interaction = Interaction(
            id=self.snowflake(),
            token=secrets.token_urlsafe(24),
            channel_id=channel_id,
            user_id=user_id,
            created=asyncio.get_running_loop().time(),
            kind=kind,
            message=message,
        )
        self.interactions[interaction.id] = interaction
        payload: dict[str, Any] = {
            "id": interaction.id,
            "application_id": self.app_id,
            "type": kind,
            "token": interaction.token,
            "version": 1,
            "attachment_size_limit": 8 * 1024 * 1024,
            "data": data,
            "guild_id": self.guild_id,
            "channel_id": channel_id,
            "channel": self.channel(channel_id),
            "member": self._member(user_id, f"user{user_id[-3:]}", permissions),
            "app_permissions": str(0x4C00 | 0x10000),
            "locale": "en-US",
            "guild_locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": self.guild_id},
            "context": 0,
        }
        if message is not None:
            payload["message"] = message
        await self._dispatch("INTERACTION_CREATE", payload)
        return interaction

    def command_id(self, name: str) -> dict[str, Any]:
        for cmd in self.commands:
            if cmd["name"] == name:
                return cmd
        raise AssertionError(f"/{name} was not registered; got {[c['name'] for c in self.commands]}")

    async def slash(
        self,
        name: str,
        *,
        sub: str | None = None,
        options: dict[str, Any] | None = None,
        channel_id: str | None = None,
        user_id: str = "900000000000000100",
        permissions: int = 0x20,  # MANAGE_GUILD
        resolved: dict[str, Any] | None = None,
        focused: str | None = None,
    ) -> Interaction:
        cmd = self.command_id(name)
        kinds = {str: 3, bool: 5, int: 4}
        opts = []
        for key, value in (options or {}).items():
            kind = 7 if key == "channel" else 11 if key == "file" else kinds[type(value)]
            opt: dict[str, Any] = {"name": key, "type": kind, "value": value}
            if key == focused:
                opt["focused"] = True
            opts.append(opt)
        top = [{"name": sub, "type": 1, "options": opts}] if sub else opts
        data: dict[str, Any] = {"id": cmd["id"], "name": name, "type": 1, "options": top}
        if "guild_id" in cmd:
            data["guild_id"] = cmd["guild_id"]
        if resolved:
            data["resolved"] = resolved
        return await self._send_interaction(
            4 if focused else 2,
            data,
            channel_id=channel_id or next(iter(self.channels)),
            user_id=user_id,
            permissions=permissions,
        )

    async def press(self, message: dict[str, Any], label: str, *, user_id: str = "900000000000000100") -> Interaction:
        for row in message.get("components") or []:
            for component in row.get("components") or []:
                if label in (component.get("label") or ""):
                    return await self._send_interaction(
                        3,
                        {"custom_id": component["custom_id"], "component_type": 2},
                        channel_id=message["channel_id"],
                        user_id=user_id,
                        permissions=0,
                        message=message,
                    )
        raise AssertionError(f"no button {label!r} on the message")

    def add_attachment(self, name: str, data: bytes) -> dict[str, Any]:
        url = self.serve(name, data, "application/octet-stream")
        return {
            "id": self.snowflake(),
            "filename": name,
            "size": len(data),
            "url": url,
            "proxy_url": url,
            "content_type": "text/x-opml",
        }

    # ----- waiting ----------------------------------------------------------------------------------------------
    async def wait_for(self, predicate: Callable[[], Any], within: float = 3.0) -> Any:
        async def _loop() -> Any:
            while True:
                result = predicate()
                if result:
                    return result
                self._changed.clear()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._changed.wait(), 0.02)

        return await asyncio.wait_for(_loop(), within)

    def answers(self, interaction: Interaction) -> list[dict[str, Any]]:
        """Everything the bot said for an interaction: the callback and its follow-ups."""
        return [
            r for r in self.received if r.get("interaction") == interaction.id or r.get("followup") == interaction.id
        ]

    async def done(self, interaction: Interaction, *, followups: int = 0) -> list[dict[str, Any]]:
        """Wait until the bot has answered the interaction and sent this many follow-ups; return the answers."""

        def ready() -> bool:
            answers = self.answers(interaction)
            return any("type" in a for a in answers) and sum("followup" in a for a in answers) >= followups

        await self.wait_for(ready)
        return self.answers(interaction)

    def text_of(self, interaction: Interaction) -> str:
        """All text the bot sent for an interaction (content, embed titles, descriptions, fields)."""
        chunks: list[str] = []
        for answer in self.answers(interaction):
            body = answer.get("message") or answer.get("data") or {}
            chunks.append(body.get("content") or "")
            for embed in body.get("embeds") or []:
                chunks += [embed.get("title") or "", embed.get("description") or ""]
                chunks += [f"{f['name']} {f['value']}" for f in embed.get("fields") or []]
                chunks.append((embed.get("footer") or {}).get("text") or "")
        return "\n".join(c for c in chunks if c)

    def channel_posts(self, channel_id: str, *, kind: int = 0) -> list[dict[str, Any]]:
        return [m for m in self.messages.get(channel_id, []) if m["type"] == kind]
