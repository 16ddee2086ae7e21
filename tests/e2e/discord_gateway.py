"""The emulator's gateway: HELLO, IDENTIFY -> READY + GUILD_CREATE, heartbeats, RECONNECT and RESUME."""

from __future__ import annotations

import json
from typing import Any

from aiohttp import WSMsgType, web


class GatewaySide:
    """Mixed into the Emulator; uses its token, ids, session and objects."""

    token: str
    app_id: str
    guild_id: str
    channels: dict[str, str]
    identifies: int
    resumes: int
    _ws: web.WebSocketResponse | None
    _seq: int
    _session_id: str

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
            "roles": [self.role(self.guild_id), *(self.role(r) for r in self.roles)],
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
