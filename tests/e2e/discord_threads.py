"""The emulator's threads and forum channels: a thread opened on a message, a forum post with its tags.

Routes: POST /channels/{id}/messages/{id}/threads (a public thread on a message; a second one is refused with
160004, as Discord does) and POST /channels/{forum id}/threads (a forum post: ``name``, ``message``,
``applied_tags`` that must be the forum's own). Bodies are validated against the OpenAPI subset; a channel in
``forbidden_thread_channels`` answers 50013, as when Create Public Threads / Create Posts is missing.
"""

from __future__ import annotations

from typing import Any

from aiohttp import web
from discord_rules import DiscordError, check_message, json_response


class ThreadSide:
    """Mixed into the Emulator; uses its ids, channels, messages and validators."""

    def thread(self, thread_id: str) -> dict[str, Any]:
        return self.threads[thread_id]

    def _new_thread(self, thread_id: str, parent_id: str, name: str, tags: list[str]) -> dict[str, Any]:
        thread = {
            "id": thread_id,
            "type": 11,
            "guild_id": self.guild_id,
            "parent_id": parent_id,
            "owner_id": self.bot_id,
            "name": name,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "message_count": 0,
            "member_count": 1,
            "total_message_sent": 0,
            "flags": 0,
            "applied_tags": tags,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": 1440,
                "archive_timestamp": self.now().isoformat(),
                "locked": False,
            },
        }
        self.threads[thread_id] = thread
        return thread

    def _thread_route(self, method: str, parts: list[str], body: Any) -> web.Response | None:
        if method != "POST" or parts[0] != "channels":
            return None
        if len(parts) == 5 and parts[2] == "messages" and parts[4] == "threads":
            return self._thread_on_message(parts[1], parts[3], body)
        if len(parts) == 3 and parts[2] == "threads":
            return self._forum_post(parts[1], body)
        return None

    def _thread_on_message(self, channel_id: str, message_id: str, body: Any) -> web.Response:
        self._validate("thread_from_message", body)
        self._channel_ok(channel_id)
        if channel_id in self.forbidden_thread_channels:
            raise DiscordError(403, 50013, "Missing Permissions")
        if not any(m["id"] == message_id for m in self.messages.get(channel_id, [])):
            raise DiscordError(404, 10008, "Unknown Message")
        if message_id in self.threads:
            raise DiscordError(400, 160004, "A thread has already been created for this message")
        return json_response(self._new_thread(message_id, channel_id, body["name"], []))

    def _forum_post(self, channel_id: str, body: Any) -> web.Response:
        self._validate("thread_create", body)
        self._channel_ok(channel_id)
        if channel_id not in self.forums:
            self.problems.append(f"a thread without a message in channel {channel_id}: only forum posts are expected")
            raise DiscordError(400, 50024, "Cannot execute action on this channel type")
        if channel_id in self.forbidden_thread_channels:
            raise DiscordError(403, 50013, "Missing Permissions")
        message_body = body.get("message")
        if not isinstance(message_body, dict):
            raise DiscordError(400, 50035, "Invalid Form Body")
        pinged = check_message(message_body, create=True, problems=self.problems, pingable=frozenset(self.roles))
        known = {str(tag["id"]) for tag in self.forums[channel_id]}
        tags = [str(t) for t in body.get("applied_tags") or []]
        if not set(tags) <= known:
            self.problems.append(f"forum post with tags {tags} the forum does not have ({sorted(known)})")
            raise DiscordError(400, 50035, "Invalid Form Body")
        thread_id = self.snowflake()
        thread = self._new_thread(thread_id, channel_id, body["name"], tags)
        # A forum post's first message has the thread's id and lives in the thread.
        message = {**self._message(thread_id, message_body, author=self.bot_user()), "id": thread_id}
        self.messages.setdefault(thread_id, []).append(message)
        if pinged is not None:
            self.pings.append((thread_id, pinged))
        if self.on_post is not None:
            self.on_post(thread_id, message)
        return json_response({**thread, "message": message})
