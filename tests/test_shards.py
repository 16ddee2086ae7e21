"""Shards and the morning rush's parts: settings, who owns which target, the rate budget, the digest cache."""

import asyncio
import os
from datetime import UTC, datetime, timedelta

import pytest
from test_config_faults import assert_one_line_exit_2, newsdigest

from bot.clock import ManualClock
from bot.config import Settings, load_settings
from bot.delivery.budget import HEADROOM, RateBudget
from bot.delivery.digest_cache import CachedBuilder
from bot.delivery.fanout import each
from bot.delivery.shards import Shards, shard_of
from bot.delivery.sink import Target
from bot.errors import ConfigError, NewsdigestError
from bot.models import Digest, DigestFilter
from bot.store.records import TargetRef, TargetTable

NOW = datetime(2026, 3, 2, 7, 30, tzinfo=UTC)


def guild_on(shard: int, count: int, n: int = 1) -> int:
    return ((n * count + shard) << 22) | 12345


def target(guild: int | None) -> Target:
    return Target(TargetRef(TargetTable.SCHEDULE, 1), "07:30", "UTC", None, NOW, "t", channel_id=5, guild_id=guild)


@pytest.mark.parametrize(
    ("text", "ids"), [("0-3", (0, 1, 2, 3)), ("0,2", (0, 2)), (" 3, 0-1 ,1", (0, 1, 3)), ("7", (7,))]
)
def test_shard_ids_are_ranges_and_lists(text, ids):
    settings = load_settings({"SHARD_COUNT": "8", "SHARD_IDS": text}, env_file=None)
    assert settings.shard_ids == ids
    assert settings.shard_count == 8


@pytest.mark.parametrize(
    ("environ", "fragment"),
    [
        ({"SHARD_COUNT": "2", "SHARD_IDS": "0-2"}, "shard 2 does not exist: with SHARD_COUNT=2 ids run 0-1"),
        ({"SHARD_IDS": "0"}, "needs SHARD_COUNT"),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "3-1"}, "from low to high"),
        ({"SHARD_COUNT": "4", "SHARD_IDS": "one"}, "not a shard id"),
        ({"SHARD_COUNT": "4", "SHARD_IDS": ","}, "names no shard"),
        ({"SHARD_COUNT": "0"}, "outside 1..100000"),
    ],
)
def test_bad_shard_settings_are_named(environ, fragment):
    with pytest.raises(ConfigError) as caught:
        load_settings(environ, env_file=None)
    assert fragment in str(caught.value)


def test_run_with_a_shard_beyond_the_count_says_one_line_and_exits_2(tmp_path):
    result = newsdigest(tmp_path, "--env-file", os.devnull, "run", SHARD_COUNT="2", SHARD_IDS="0,5")
    assert_one_line_exit_2(result, "SHARD_IDS", "shard 5 does not exist")


def test_a_process_owns_the_servers_of_its_shards_and_every_process_may_post_unbound_targets():
    guild = 81234567890123456
    assert shard_of(guild, 4) == (guild >> 22) % 4
    first, second = Shards(2, (0,)), Shards(2, (1,))
    for shard in (0, 1):
        g = guild_on(shard, 2)
        assert first.owns(target(g)) == (shard == 0)
        assert second.owns(target(g)) == (shard == 1)
    # Webhooks and email belong to no server: every process may post them, the leased claims decide.
    assert first.owns(target(None))
    assert second.owns(target(None))
    for alone in (Shards(), Shards(4, None), Shards(2, (0, 1))):
        assert alone.owns(target(guild_on(1, 2)))
        assert alone.owns(target(None))
        assert alone.share == 1.0
    assert Shards(4, (1, 3)).share == 0.5
    assert Shards(4, (1, 3)).describe() == "shard(s) 1,3 of 4"


def test_without_shard_settings_nothing_changes():
    settings = Settings()
    assert Shards.from_settings(settings) == Shards(None, None)
    assert settings.discord_rate_limit == 50


class FakeTime:
    def __init__(self) -> None:
        self.now = 100.0
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


async def test_the_budget_spaces_requests_at_its_rate_and_a_process_takes_its_share():
    fake = FakeTime()
    budget = RateBudget(20, monotonic=fake.monotonic, sleep=fake.sleep)
    for _ in range(41):
        await budget.take()
    assert fake.now - 100.0 == pytest.approx(2.0)  # 41 requests at 20/s: the first at once, then 1/20 s apart
    assert budget.taken == 41
    fake.now += 10  # idle time is not saved up into a burst
    before = fake.now
    await budget.take()
    await budget.take()
    assert fake.now - before == pytest.approx(0.05)
    assert RateBudget.for_share(50, 0.5).rate == pytest.approx(25 * HEADROOM)


async def test_concurrent_takers_share_one_budget():
    budget = RateBudget(200)
    loop = asyncio.get_running_loop()
    start = loop.time()
    await asyncio.gather(*(budget.take() for _ in range(41)))
    assert loop.time() - start >= 0.19


class Builder:
    def __init__(self, fail: bool = False) -> None:
        self.calls = 0
        self.fail = fail

    async def __call__(self, db, since, until, *, filters=None, topic=None, limit=None) -> Digest:
        self.calls += 1
        await asyncio.sleep(0.01)
        if self.fail:
            raise NewsdigestError("database is locked")
        return Digest(since=since, until=until, items=())


async def test_a_rush_builds_each_window_and_filter_once():
    clock = ManualClock(NOW)
    inner = Builder()
    cached = CachedBuilder(inner, clock, size=4)
    since = NOW - timedelta(days=1)
    # A hundred channels at once with the same window: one build; another filter or window: one more each.
    digests = await asyncio.gather(*(cached(None, since, NOW) for _ in range(100)))
    assert inner.calls == 1
    assert all(d is digests[0] for d in digests)
    await cached(None, since, NOW, filters=DigestFilter(topic="rail"))
    await cached(None, since, NOW, filters=DigestFilter(topic="rail"))
    await cached(None, since, NOW, topic="ports")
    await cached(None, since - timedelta(hours=1), NOW)
    assert inner.calls == 4
    clock.advance(61)  # a minute later the same window is built again
    await cached(None, since, NOW)
    assert inner.calls == 5
    for n in range(10):  # bounded: the oldest go
        await cached(None, since - timedelta(minutes=n + 1), NOW)
    assert len(cached._kept) == 4


async def test_a_failed_build_is_not_kept():
    clock = ManualClock(NOW)
    inner = Builder(fail=True)
    cached = CachedBuilder(inner, clock)
    results = await asyncio.gather(*(cached(None, NOW, NOW) for _ in range(3)), return_exceptions=True)
    assert all(isinstance(r, NewsdigestError) for r in results)
    inner.fail = False
    await cached(None, NOW, NOW)
    assert inner.calls == 2


async def test_fan_out_keeps_to_its_parallel_bound_and_does_every_item():
    running, most, done = 0, 0, []

    async def work(item: int) -> None:
        nonlocal running, most
        running += 1
        most = max(most, running)
        await asyncio.sleep(0.001 * (item % 3))
        running -= 1
        done.append(item)

    await each(range(100), work, parallel=8)
    assert sorted(done) == list(range(100))
    assert most == 8
    done.clear()
    await each(range(5), work)
    assert done == list(range(5))


def test_every_process_polls_feeds_by_lease_and_posts_webhooks_and_email(tmp_path):
    from bot.runner import daily_posts, drop_folder_watcher, feed_poller, standard_jobs

    drop = (tmp_path / "drop",)
    alone = standard_jobs(Settings(drop_folders=drop))
    first = standard_jobs(Settings(shard_count=2, shard_ids=(0,), drop_folders=drop))
    second = standard_jobs(Settings(shard_count=2, shard_ids=(1,), drop_folders=drop))
    assert alone == first == second == [feed_poller, drop_folder_watcher, daily_posts]
