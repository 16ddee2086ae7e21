"""A small Discord API emulator (REST + gateway on one 127.0.0.1 port) for driving the real discord.py client.

Every request body is validated against Discord's OpenAPI schemas and the rules the spec does not carry
(discord_rules). Anything the bot should never do (an invalid body, an unknown route, a second callback,
a late callback, a message that could ping) is recorded in ``problems``; the scenario fixtures fail on it.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from aiohttp import web
from discord_gateway import GatewaySide
from discord_ratelimit import RateLimiter, route_of
from discord_rules import API, DISCORD_EPOCH_MS, DiscordError, check_message, invalid_form, json_response, validators
from discord_state import Interaction, RateLimit, Request
from discord_threads import ThreadSide
from discord_user import UserSide

NONCE_WINDOW = timedelta(minutes=5)  # Discord's "past few minutes" of an enforced nonce
TOKEN_LIFETIME = timedelta(minutes=15)  # an interaction token's follow-ups and edits
# The callback types Discord takes for each kind of interaction (2 a slash command, 3 a component, 4 an
# autocomplete): a message (4), a deferral (5), a message update (7) or its deferral (6), choices (8), a modal (9).
CALLBACKS = {2: {4, 5, 9}, 3: {4, 5, 6, 7, 9}, 4: {8}}


_SEND_MESSAGES = 1 << 11
_CREATE_PUBLIC_THREADS = 1 << 35
# View Channel, Send Messages, Embed Links, Attach Files, Read Message History, Create Public Threads, Send
# Messages in Threads.
_MAY_POST = (1 << 10) | _SEND_MESSAGES | (1 << 14) | (1 << 15) | (1 << 16) | _CREATE_PUBLIC_THREADS | (1 << 38)


@dataclass
class Emulator(GatewaySide, UserSide, ThreadSide):
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
    # As Discord does, the server's GUILD_CREATE lists the bot's own member: @everyone may then read, post, embed
    # and open threads, and an overwrite denies the bot Send Messages in each forbidden channel (Create Public
    # Threads in each forbidden thread channel), so the client can tell where it may post. Off by default (no
    # member: the client cannot tell, and says nothing).
    members_known: bool = False
    # Forum channels (type 15; each also named in ``channels``): channel id -> its available tags.
    forums: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    threads: dict[str, dict[str, Any]] = field(default_factory=dict)
    forbidden_thread_channels: set[str] = field(default_factory=set)  # no Create Public Threads / Create Posts
    roles: dict[str, str] = field(default_factory=dict)  # the server's roles beside @everyone: id -> name
    pings: list[tuple[str, str]] = field(default_factory=list)  # (channel id, role id) of each message that pinged
    failing_channels: dict[str, int] = field(default_factory=dict)
    # Incoming webhooks a channel has (Integrations > Webhooks): webhook id -> (token, channel id).
    webhooks: dict[str, tuple[str, str]] = field(default_factory=dict)
    rate_limits: list[RateLimit] = field(default_factory=list)
    files: dict[str, tuple[bytes, str]] = field(default_factory=dict)
    identifies: int = 0
    resumes: int = 0
    # Discord's 3 seconds for the first response, timed on the emulator's clock (``now``): the test's clock in a
    # scenario, which the bot times its deferrals on too, so a loaded machine never makes a quick answer late.
    callback_deadline: float = 3.0
    # More servers (server id -> its channels), each on its shard; see add_guilds.
    more_guilds: dict[str, dict[str, str]] = field(default_factory=dict)
    recommended_shards: int = 1  # GET /gateway/bot's "shards"
    # Discord's global limit and route buckets (discord_ratelimit); off unless a test sets them.
    limits: RateLimiter = field(default_factory=RateLimiter)
    # Called with (channel id, message) once a channel message is stored and before the answer is sent,
    # so a test can kill the bot in the window between a post and the bot's record of it.
    on_post: Callable[[str, dict[str, Any]], None] | None = None
    # Holds the next channel message POST before Discord processes it (a request in flight) until set.
    hold_post: asyncio.Event | None = None
    # Discord's message nonce check: (author id, nonce) -> the message it created and when (see _post_message).
    nonces: dict[tuple[str, str], tuple[dict[str, Any], datetime]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._validators = validators()
        self._ids = itertools.count(1)
        self._seq = 0
        self._ws: web.WebSocketResponse | None = None
        self._gateway_state()
        self._guild_of: dict[str, str] = {c: g for g, chans in self.more_guilds.items() for c in chans}
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
        for conn in self.connections:
            if not conn.ws.closed:
                await conn.ws.close()
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

    def _overwrites(self, channel_id: str) -> list[dict[str, Any]]:
        """What the bot is denied in a channel, when the server lists its member (see ``members_known``)."""
        deny = 0
        if self.members_known and channel_id in self.forbidden_channels:
            deny |= _SEND_MESSAGES
        if self.members_known and channel_id in self.forbidden_thread_channels:
            deny |= _CREATE_PUBLIC_THREADS
        return [{"id": self.bot_id, "type": 1, "allow": "0", "deny": str(deny)}] if deny else []

    def bot_member(self) -> dict[str, Any]:
        """The bot's own member of a server, with no role but @everyone."""
        return {
            "user": self.bot_user(),
            "roles": [],
            "joined_at": "2026-01-01T00:00:00+00:00",
            "deaf": False,
            "mute": False,
            "flags": 0,
        }

    def add_guilds(self, guilds: dict[str, dict[str, str]]) -> None:
        """Add servers (id -> channels) beside the main one."""
        self.more_guilds.update(guilds)
        self._guild_of.update({c: g for g, chans in guilds.items() for c in chans})

    def guild_of(self, channel_id: str) -> str:
        return self._guild_of.get(channel_id, self.guild_id)

    def _channel_name(self, channel_id: str) -> str | None:
        if channel_id in self.channels:
            return self.channels[channel_id]
        guild = self._guild_of.get(channel_id)
        return None if guild is None else self.more_guilds[guild].get(channel_id)

    def channel(self, channel_id: str) -> dict[str, Any]:
        if channel_id in self.threads:
            return self.threads[channel_id]
        if channel_id in self.forums:
            return {
                **self._text_channel(channel_id),
                "type": 15,
                "available_tags": [
                    {"moderated": False, "emoji_id": None, "emoji_name": None, **tag} for tag in self.forums[channel_id]
                ],
                "default_reaction_emoji": None,
                "default_sort_order": None,
                "default_forum_layout": 0,
                "flags": 0,
            }
        return self._text_channel(channel_id)

    def role(self, role_id: str) -> dict[str, Any]:
        everyone = role_id not in self.roles
        return {
            "id": role_id,
            "name": self.roles.get(role_id, "@everyone"),
            "permissions": str(_MAY_POST) if self.members_known and everyone else "1024",
            "position": 1 if role_id in self.roles else 0,
            "color": 0,
            "hoist": False,
            "managed": False,
            "mentionable": role_id in self.roles,
            "flags": 0,
        }

    def _text_channel(self, channel_id: str) -> dict[str, Any]:
        return {
            "id": channel_id,
            "type": 0,
            "guild_id": self.guild_of(channel_id),
            "name": self._channel_name(channel_id),
            "position": 0,
            "permission_overwrites": self._overwrites(channel_id),
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
            "guild_id": self.guild_of(channel_id),
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
            return json_response({"code": 50109, "message": "The request body contains invalid JSON."}, 400)
        record = Request(request.method, path, body, dict(request.query), files=files)
        self.requests.append(record)
        self._changed.set()
        answer = await self._answer(request, path, body, files)
        record.status = answer.status
        return answer

    async def _answer(self, request: web.Request, path: str, body: Any, files: dict[str, bytes]) -> web.StreamResponse:
        route, major = route_of(path.removeprefix(API))
        bot_auth = request.headers.get("Authorization", "").startswith("Bot ")
        refused, limit_headers = self.limits.check(request.method, route, major, bot_auth=bot_auth)
        if refused is not None:
            return refused
        for limit in self.rate_limits:
            if limit.remaining > 0 and request.method == limit.method and path.startswith(API + limit.path_prefix):
                limit.remaining -= 1
                # discord.py only retries a 429 that came through Discord's proxy (a Via header).
                return json_response(
                    {"message": "You are being rate limited.", "retry_after": limit.retry_after, "global": False},
                    429,
                    {"Via": "1.1 google", "Retry-After": str(limit.retry_after)},
                )
        try:
            answer = await self._route(request, path.removeprefix(API), body, files)
        except DiscordError as exc:
            answer = json_response(exc.body(), exc.status)
        answer.headers.update(limit_headers)
        return answer

    async def _post_message(self, channel_id: str, body: dict[str, Any], pinged: str | None) -> dict[str, Any]:
        """Create a channel message, or return the one this nonce created in the last minutes.

        As Discord documents ``enforce_nonce``: "if true and nonce is present, it will be checked for uniqueness in
        the past few minutes. If another message was created by the same author with the same nonce, that message
        will be returned and no new message will be created." A nonce without it is only echoed back.
        """
        if self.hold_post is not None:
            gate, self.hold_post = self.hold_post, None
            await gate.wait()
        author = self.bot_user()
        nonce = body.get("nonce")
        key = (author["id"], str(nonce)) if nonce is not None and body.get("enforce_nonce") else None
        if key is not None and key in self.nonces:
            earlier, at = self.nonces[key]
            if self.now() - at <= NONCE_WINDOW:
                return earlier
        message = self._message(channel_id, body, author=author)
        if nonce is not None:
            message["nonce"] = nonce
        if key is not None:
            self.nonces[key] = (message, self.now())
        self.messages.setdefault(channel_id, []).append(message)
        if pinged is not None:
            self.pings.append((channel_id, pinged))
        if self.on_post is not None:
            self.on_post(channel_id, message)
        return message

    def _auth(self, request: web.Request) -> None:
        if request.headers.get("Authorization") != f"Bot {self.token}":
            raise DiscordError(401, 0, "401: Unauthorized")

    async def _route(self, request: web.Request, path: str, body: Any, files: dict[str, bytes]) -> web.StreamResponse:
        parts = path.strip("/").split("/")
        method = request.method
        if method == "GET" and parts == ["gateway", "bot"]:
            self._auth(request)
            return json_response(self.gateway_bot())
        if method == "GET" and parts == ["users", "@me"]:
            self._auth(request)
            return json_response(self.bot_user())
        if method == "GET" and parts == ["oauth2", "applications", "@me"]:
            self._auth(request)
            return json_response(
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
            return json_response(self.commands)
        if parts[0] == "channels" and len(parts) == 3 and parts[2] == "messages":
            self._auth(request)
            channel_id = parts[1]
            self._channel_ok(channel_id)
            if method == "GET":
                return json_response(self._history(channel_id, request.query))
            if method == "POST":
                self._validate("channel_message", body)
                pinged = check_message(body, create=True, problems=self.problems, pingable=frozenset(self.roles))
                if channel_id in self.forums:
                    self.problems.append(f"a plain message posted in forum channel {channel_id}")
                    raise DiscordError(400, 50008, "Cannot send messages in a non-text channel")
                if channel_id in self.failing_channels:
                    return json_response(
                        {"message": "Service Unavailable", "code": 0}, self.failing_channels[channel_id]
                    )
                return json_response(await self._post_message(channel_id, body, pinged))
        if method == "GET" and parts[0] == "channels" and len(parts) == 2:
            self._auth(request)
            self._channel_ok(parts[1])
            return json_response(self.channel(parts[1]))
        if parts[0] == "channels" and len(parts) >= 3:
            self._auth(request)
            threaded = self._thread_route(method, parts, body)
            if threaded is not None:
                return threaded
        if method == "POST" and parts[0] == "interactions" and len(parts) == 4 and parts[3] == "callback":
            return self._callback(parts[1], parts[2], body, files)
        if method == "POST" and parts[0] == "webhooks" and len(parts) == 3 and parts[1] in self.webhooks:
            return self._execute_webhook(parts[1], parts[2], body, request.query)
        if parts[0] == "webhooks" and len(parts) >= 3 and parts[1] == self.app_id:
            interaction = self._by_token(parts[2])
            if self.now() - interaction.created > TOKEN_LIFETIME:
                raise DiscordError(401, 50027, "Invalid Webhook Token")
            if method == "POST" and len(parts) == 3:
                self._validate("followup", body)
                check_message(body, create=True, problems=self.problems)
                return json_response(self._followup(interaction, body, files))
            if parts[3:] == ["messages", "@original"] and method in ("GET", "PATCH", "DELETE"):
                return self._original(interaction, method, body)
        return self._unknown(request)

    def _original(self, interaction: Interaction, method: str, body: Any) -> web.Response:
        """GET, PATCH or DELETE /webhooks/{app}/{token}/messages/@original: the response, or a button's message.

        Editing a deferred response ends its "thinking" state; its visibility stays (Discord cannot change it).
        """
        original = interaction.original
        if original is None:
            raise DiscordError(404, 10008, "Unknown Message")
        if method == "GET":
            return json_response(original)
        if method == "DELETE":
            interaction.original = None
            interaction.shown = [m for m in interaction.shown if m is not original]
            posts = self.messages.get(original["channel_id"], [])
            self.messages[original["channel_id"]] = [m for m in posts if m is not original]
            self.received.append({"deleted": interaction.id})
            self._changed.set()
            return web.Response(status=204)
        self._validate("edit_original", body)
        check_message(body, create=False, problems=self.problems)
        original.update({k: v for k, v in body.items() if k in ("content", "embeds", "components")})
        original["flags"] = original.get("flags", 0) & ~128
        self.received.append({"edited": interaction.id, "message": dict(body)})
        self._changed.set()
        return json_response(original)

    def _execute_webhook(self, webhook_id: str, token: str, body: Any, query: Any) -> web.StreamResponse:
        """POST /webhooks/{id}/{token}: an incoming webhook posts into its channel; no Authorization header."""
        expected, channel_id = self.webhooks[webhook_id]
        if token != expected:
            raise DiscordError(401, 50027, "Invalid Webhook Token")
        self._validate("followup", body)  # the same operation as a follow-up: Execute Webhook
        pinged = check_message(body, create=True, problems=self.problems, pingable=frozenset(self.roles))
        if channel_id in self.failing_channels:
            return json_response({"message": "Service Unavailable", "code": 0}, self.failing_channels[channel_id])
        message = {
            **self._message(channel_id, body, author=self.user(webhook_id, "Captain Hook")),
            "webhook_id": webhook_id,
        }
        self.messages.setdefault(channel_id, []).append(message)
        if pinged is not None:
            self.pings.append((channel_id, pinged))
        if query.get("wait", "").lower() in {"1", "true"}:
            return json_response(message)
        return web.Response(status=204)

    def _unknown(self, request: web.Request) -> web.Response:
        # A 404 (not a 5xx, which discord.py retries with sleeps) that the scenario fails on.
        self.problems.append(f"unknown route {request.method} {request.path}")
        return json_response({"message": "404: Not Found", "code": 0}, 404)

    def _channel_ok(self, channel_id: str) -> None:
        if channel_id in self.threads:
            return
        if self._channel_name(channel_id) is None:
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
        if self.now() - interaction.created > timedelta(seconds=self.callback_deadline):
            self.problems.append(f"callback for interaction {interaction_id} after {self.callback_deadline} s")
            raise DiscordError(404, 10062, "Unknown interaction")
        if interaction.responded:
            self.problems.append(f"second callback for interaction {interaction_id}")
            raise DiscordError(400, 40060, "Interaction has already been acknowledged.")
        kind = body["type"]
        if kind not in CALLBACKS.get(interaction.kind, set()):
            self.problems.append(f"callback type {kind} for an interaction of type {interaction.kind}")
            raise invalid_form([(["type"], "INTERACTION_CALLBACK_TYPE_INVALID", "Invalid callback type")])
        data = body.get("data") or {}
        message: dict[str, Any] | None = None
        if kind == 4:
            check_message(
                {**data, "attachments": data.get("attachments") or list(files)}, create=True, problems=self.problems
            )
            interaction.ephemeral = bool(data.get("flags", 0) & 64)
            message = self._message(interaction.channel_id, data, author=self.bot_user(), kind=20)
            interaction.original = message
            interaction.shown.append(message)
        elif kind == 5:
            # "Thinking…" (flag 128), private or public: the answer that replaces it keeps this visibility.
            interaction.ephemeral = bool(data.get("flags", 0) & 64)
            message = self._message(
                interaction.channel_id, {"flags": data.get("flags", 0) | 128}, author=self.bot_user(), kind=20
            )
            interaction.original = message
            interaction.shown.append(message)
        elif kind in (6, 7):
            # A button's message is updated now (7) or later through @original (6, a deferred update).
            if interaction.message is None:
                raise DiscordError(400, 50035, "Invalid Form Body")
            if kind == 7:
                check_message(data, create=False, problems=self.problems)
                interaction.message.update({k: v for k, v in data.items() if k in ("content", "embeds", "components")})
            message = interaction.message
            interaction.original = message
        elif kind != 8:
            self.problems.append(f"unexpected callback type {kind}")
        interaction.responded = True
        self.received.append({"interaction": interaction_id, "type": kind, "data": data})
        if message is not None and kind in (4, 5) and not interaction.ephemeral:
            self.messages.setdefault(interaction.channel_id, []).append(message)
        self._changed.set()
        return json_response(
            {
                "interaction": {
                    "id": interaction_id,
                    "type": interaction.kind,
                    "response_message_id": message["id"] if message else None,
                    "response_message_loading": kind == 5,
                    "response_message_ephemeral": interaction.ephemeral,
                },
                "resource": {"type": kind, **({"message": message} if message and kind != 6 else {})},
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
        interaction.shown.append(message)
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
