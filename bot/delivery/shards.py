"""Which process posts what when the bot runs as several processes over gateway shards.

Discord puts a server on shard ``(guild_id >> 22) % shard_count``; a process connects the shards of
SHARD_IDS and posts the scheduled digests of those shards' servers only, while the gateway hands it only
those servers' interactions. Posts bound to no server (Discord and Slack webhooks, email, a channel schedule
whose server is not known yet) are posted by the one process holding shard 0.

Why one process and not "all of them, the claims decide": a claim does make two rounds never post the same
slot, but on start a process settles the claims it finds unfinished as left by a stopped process
(``Scheduler.resume_unfinished``); a claim another live process is still sending would be settled too (a
webhook's given up, a channel's posted again). Each target therefore has exactly one process that claims and
settles it, and the claims keep that process's own rounds and restarts exactly-once.
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
            return 0 in self.ids
        return shard_of(guild_id, self.count) in self.ids

    def owns(self, target: Target) -> bool:
        """Return whether this process claims, posts and settles a target."""
        return self.owns_guild(target.guild_id)

    def posts_unbound(self) -> bool:
        """Return whether this process posts webhooks and email (it holds shard 0, or every shard)."""
        return self.owns_guild(None)

    def describe(self) -> str:
        """Return the shards for a log line."""
        if self.count is None:
            return "Discord's recommended number of shards"
        if self.ids is None or not self.partial:
            return f"all {self.count} shard(s)"
        return f"shard(s) {','.join(map(str, self.ids))} of {self.count}"
