"""Which process posts what when the bot runs as several processes over gateway shards.

Discord puts a server on shard ``(guild_id >> 22) % shard_count``; a process connects the shards of
SHARD_IDS and posts the scheduled digests of those shards' servers only, while the gateway hands it only
those servers' interactions (and spends its shards' share of the rate budget on them). Posts bound to no
server (Discord and Slack webhooks, email, a channel schedule whose server is not known yet) are posted by
every process: the claims decide. A claim is one row per target and slot, made by one atomic statement, and
carries its owner's lease (``bot.delivery.owner``), so a live owner's post is never settled by another process
and a dead owner's is settled by whichever process takes it over first; no process is a single point.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.config import Settings
from bot.delivery.sink import Target


def shard_of(guild_id: int, shard_count: int) -> int:
    """Return the shard Discord puts a server on."""
    return (guild_id >> 22) % shard_count


@dataclass(frozen=True, slots=True)
class Shards:
    """The shards this process holds: ``count`` None means Discord's count, all of them here."""

    count: int | None = None
    ids: tuple[int, ...] | None = None

    @classmethod
    def from_settings(cls, settings: Settings) -> Shards:
        """Return SHARD_COUNT and SHARD_IDS (already checked by ``bot.config.check_shards``)."""
        return cls(settings.shard_count, settings.shard_ids)

    @property
    def partial(self) -> bool:
        """Return whether other processes hold some of the bot's shards."""
        return self.count is not None and self.ids is not None and len(self.ids) < self.count

    @property
    def share(self) -> float:
        """Return this process's part of the bot's shards (1.0 when it holds them all)."""
        if self.count is None or self.ids is None:
            return 1.0
        return len(self.ids) / self.count

    def owns_guild(self, guild_id: int | None) -> bool:
        """Return whether this process posts for a server (None: a post bound to no server)."""
        if not self.partial or self.count is None or self.ids is None:
            return True
        if guild_id is None:
            return True  # bound to no server: every process may post it, the claims decide
        return shard_of(guild_id, self.count) in self.ids

    def owns(self, target: Target) -> bool:
        """Return whether this process claims, posts and settles a target."""
        return self.owns_guild(target.guild_id)

    def describe(self) -> str:
        """Return the shards for a log line."""
        if self.count is None:
            return "Discord's recommended number of shards"
        if self.ids is None or not self.partial:
            return f"all {self.count} shard(s)"
        return f"shard(s) {','.join(map(str, self.ids))} of {self.count}"
