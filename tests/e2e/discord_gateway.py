"""The emulator's gateway: HELLO, IDENTIFY -> READY + GUILD_CREATE, heartbeats, RECONNECT and RESUME, shards.

Each connection is one shard: IDENTIFY's ``shard: [id, count]`` (none: shard 0 of 1) picks the servers it
gets in READY and GUILD_CREATE, and a server's events (interactions) go to the connection of its shard,
``(guild_id >> 22) % count``, as on Discord. ``GET /gateway/bot`` tells the recommended shard count.
"""

from __future__ import annotations

import asyncio
import json
import secrets
from dataclasses import dataclass
from typing import Any

from aiohttp import WSMsgType, web


@dataclass
class Connection:
    ws: web.WebSocketResponse
    shard: tuple[int, int] = (0, 1)
    seq: int = 0
    session_id: str = ""

    def owns(self, guild_id: str) -> bool:
        return (int(guild_id) >> 22) % self.shard[1] == self.shard[0]


class GatewaySide:
    """Mixed into the Emulator; uses its token, ids, session and objects."""

    token: str
    app_id: str
    guild_id: str
    channels: dict[str, str]
    more_guilds: dict[str, dict[str, str]]
    identifies: int
    resumes: int
    recommended_shards: int
    members_known: bool
    _ws: web.WebSocketResponse | None
    _session_id: str

    def _gateway_state(self) -> None:
        self.connections: list[Connection] = []  # identified, newest last
        self.dispatched: list[tuple[tuple[int, int], str, str | None]] = []  # (shard, event, guild id)

    def gateway_bot(self) -> dict[str, Any]:
        """GET /gateway/bot: where to connect, how many shards, how many sessions may start."""
        return {
            "url": self.gateway_url,
            "shards": self.recommended_shards,
            "session_start_limit": {"total": 1000, "remaining": 999, "reset_after": 86_400_000, "max_concurrency": 1},
        }

    def guild_ids(self) -> list[str]:
        return [self.guild_id, *self.more_guilds]

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._ws = ws
        conn = Connection(ws)
        await ws.send_str(json.dumps({"op": 10, "d": {"heartbeat_interval": 41250}, "s": None, "t": None}))
        async for msg in ws:
            if msg.type != WSMsgType.TEXT:
                continue
            payload = json.loads(msg.data)
            op = payload["op"]
            if op == 1:
                # Not at once: discord.py notes a heartbeat's send time only after its thread sees the send
                # done, so an ACK faster than that (loopback, a busy machine) reads as a whole interval late.
                await asyncio.sleep(0.05)
                await ws.send_str(json.dumps({"op": 11, "d": None, "s": None, "t": None}))
            elif op == 2:
                if payload["d"].get("token") != self.token:
                    await ws.close(code=4004, message=b"Authentication failed.")
                    break
                shard_id, count = payload["d"].get("shard") or (0, 1)
                if not 0 <= shard_id < count:
                    await ws.close(code=4010, message=b"Invalid shard.")
                    break
                self.identifies += 1
                conn.shard, conn.seq = (shard_id, count), 0
                conn.session_id = f"{self._session_id}-{shard_id}-{secrets.token_hex(4)}"
                self.connections.append(conn)
                mine = [g for g in self.guild_ids() if conn.owns(g)]
                await self._send(
                    conn,
                    "READY",
                    {
                        "v": 10,
                        "user": self.bot_user(),
                        "guilds": [{"id": g, "unavailable": True} for g in mine],
                        "session_id": conn.session_id,
                        "resume_gateway_url": self.gateway_url,
                        "application": {"id": self.app_id, "flags": 0},
                        "private_channels": [],
                        "relationships": [],
                        "shard": [shard_id, count],
                    },
                )
                for guild in mine:
                    await self._send(conn, "GUILD_CREATE", self.guild(guild))
            elif op == 6:
                old = next((c for c in self.connections if c.session_id == payload["d"].get("session_id")), None)
                if old is None:
                    await ws.send_str(json.dumps({"op": 9, "d": False, "s": None, "t": None}))
                    continue
                self.resumes += 1
                old.ws = ws
                conn = old
                self.connections.remove(old)
                self.connections.append(old)
                await self._send(conn, "RESUMED", {})
            self._changed.set()
        return ws

    def guild(self, guild_id: str | None = None) -> dict[str, Any]:
        guild_id = guild_id or self.guild_id
        channels = self.channels if guild_id == self.guild_id else self.more_guilds[guild_id]
        return {
            "id": guild_id,
            "name": "Newsroom" if guild_id == self.guild_id else f"Server {guild_id[-4:]}",
            "owner_id": "900000000000000099",
            "unavailable": False,
            # The @everyone role of each server; the named roles (for pings) belong to the first server.
            "roles": [self.role(guild_id), *(self.role(r) for r in self.roles if guild_id == self.guild_id)],
            "channels": [self.channel(c) for c in channels],
            "members": [self.bot_member()] if self.members_known else [],
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

    async def _send(self, conn: Connection, event: str, data: dict[str, Any]) -> None:
        conn.seq += 1
        self.dispatched.append((conn.shard, event, data.get("guild_id") or data.get("id")))
        await conn.ws.send_str(json.dumps({"op": 0, "t": event, "s": conn.seq, "d": data}))

    async def _dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Send an event to the connection of its server's shard (the newest connection for other events)."""
        guild_id = data.get("guild_id")
        live = [c for c in self.connections if not c.ws.closed]
        assert live, "no gateway connection"
        owners = [c for c in live if guild_id is None or c.owns(guild_id)]
        assert owners, f"no connection holds the shard of server {guild_id}"
        await self._send(owners[-1], event, data)

    async def request_reconnect(self) -> None:
        """Send op 7 RECONNECT: the client drops the socket and RESUMEs on resume_gateway_url."""
        assert self._ws is not None
        await self._ws.send_str(json.dumps({"op": 7, "d": None, "s": None, "t": None}))
