"""The emulator acting as people in the server (slash commands, button presses) and the waits tests use."""

from __future__ import annotations

import asyncio
import contextlib
import secrets
from collections.abc import Callable
from typing import Any

from discord_state import Interaction


class UserSide:
    """Mixed into the Emulator."""

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
            created=self.now(),
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
            "guild_id": self.guild_of(channel_id),
            "channel_id": channel_id,
            "channel": self.channel(channel_id),
            "member": self._member(user_id, f"user{user_id[-3:]}", permissions),
            "app_permissions": str(0x4C00 | 0x10000),
            "locale": "en-US",
            "guild_locale": "en-US",
            "entitlements": [],
            "authorizing_integration_owners": {"0": self.guild_of(channel_id)},
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
            kind = 7 if key == "channel" else 11 if key == "file" else 8 if key == "ping" else kinds[type(value)]
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

    async def wait_for(self, predicate: Callable[[], Any], within: float = 10.0) -> Any:
        """Wait until ``predicate()`` is true (its value returned), at most ``within`` seconds.

        A bound, not a measure of speed: an answer is waited for as long as a loaded machine may take (three seconds
        ran out once at a load of 6-7 on two cores, `test_schedule_set_show_off`); no test expects it to run out.
        """

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
        """What the bot did to answer an interaction: the callback, follow-ups, edits and deletions of @original."""
        keys = ("interaction", "followup", "edited", "deleted")
        return [r for r in self.received if any(r.get(key) == interaction.id for key in keys)]

    async def done(self, interaction: Interaction, *, followups: int = 0, within: float = 10.0) -> list[dict[str, Any]]:
        """Wait until the bot has answered the interaction and sent this many follow-ups; return the answers."""

        def ready() -> bool:
            answers = self.answers(interaction)
            return any("type" in a for a in answers) and sum("followup" in a for a in answers) >= followups

        await self.wait_for(ready, within)
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
