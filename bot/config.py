"""Settings from the environment and ``.env``: the only module that reads them.

Each setting is declared once, as a field of :class:`Settings`: its attribute, type and default, the
environment name, the help text and the converter that reads it. ``load_settings`` reads them from that
declaration, and ``bot/config_doc.py`` writes ``.env.example`` and the README's settings table from it
(``tests/test_env_example.py`` checks both match).

A dataclass rather than pydantic-settings, measured: a pydantic ``BaseSettings`` reads the environment and
``./.env`` whenever it is constructed (the ~30 tests and tools that build ``Settings(...)`` would quietly
pick up a developer's environment), ``dataclasses.replace`` fails on it (used by the CLI and tests), most
values here (durations, Discord ids, ``HOST:PORT``, lists) need custom validators anyway, and its errors
are several lines where ours are one.
"""

# ruff: noqa: RUF009 - setting() is this module's field specifier: it returns dataclasses.field(...)

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import timedelta
from pathlib import Path
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from bot import config_database
from bot import config_values as v
from bot.config_envfile import read_env_file
from bot.config_values import Network, find_zone, parse_duration, parse_hhmm, parse_window
from bot.errors import ConfigError

__all__ = [
    "DISCORD_API_BASE_DEFAULT",
    "DISCORD_GATEWAY_DEFAULT",
    "Declared",
    "Network",
    "Settings",
    "check_shards",
    "declared",
    "find_zone",
    "load_settings",
    "parse_duration",
    "parse_hhmm",
    "parse_window",
    "read_env_file",
]

T = TypeVar("T")

DISCORD_API_BASE_DEFAULT = "https://discord.com/api/v10"
DISCORD_GATEWAY_DEFAULT = "wss://gateway.discord.gg/"
_KEY = "setting"


@dataclass(frozen=True, slots=True)
class Declared:
    """How one setting is read and documented."""

    env: str
    help: str
    convert: v.Converter
    section: str | None = None  # starts a new section of .env.example
    shown: str | None = None  # the default as a person writes it, when the attribute's default does not say it
    fills: tuple[str, ...] = ()  # attributes filled from the converter's tuple (one setting, several attributes)
    attribute: str = ""


def setting(
    env: str,
    default: T,
    help: str,
    convert: v.Converter,
    *,
    section: str | None = None,
    shown: str | None = None,
    fills: tuple[str, ...] = (),
    secret: bool = False,
) -> T:
    """Declare a setting as a field of Settings; a secret one never shows in ``repr`` (and so in logs)."""
    info = Declared(env, help, convert, section, shown, fills)
    return field(default=default, repr=not secret, metadata={_KEY: info})


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting newsdigest has: one field each, with its environment name, help and converter."""

    database_path: Path = setting(
        "DATABASE_PATH",
        Path("newsdigest.db"),
        "the SQLite database file, created on first use (`--db PATH` overrides it for one command)",
        config_database.database_path,
        section="Storage",
    )
    database_url: str | None = setting(
        "DATABASE_URL",
        None,
        "a PostgreSQL server instead of the SQLite file, e.g. `postgresql://newsdigest:PASSWORD@db.example:5432/"
        "newsdigest` (`--db URL` overrides it for one command); the password is never logged",
        config_database.database_url,
        secret=True,
    )
    database_retry: timedelta = setting(
        "DATABASE_RETRY",
        timedelta(minutes=1),
        "the longest wait between two tries to reach a lost database while `run` runs, or one not up yet when it"
        " starts (the first after 1 s, doubling up to this); the jobs wait meanwhile and lose nothing",
        v.duration(least=timedelta(seconds=1), bare="s", most=timedelta(hours=1)),
    )
    drop_folders: tuple[Path, ...] = setting(
        "DROP_FOLDERS",
        (),
        "comma-separated folders watched for article files (.txt .md .html .mhtml .webarchive .eml .mbox .json .jsonl"
        " .xml/.rss/.atom .docx .odt .rtf)",
        v.paths,
        section="Drop folders",
    )
    archive_dir: Path | None = setting(
        "ARCHIVE_DIR", None, "where processed files go (default: `<drop folder>/archive`)", v.path
    )
    quarantine_dir: Path | None = setting(
        "QUARANTINE_DIR",
        None,
        "where refused files go, each with a `.why.txt` (default: `<drop folder>/quarantine`)",
        v.path,
    )
    scan_interval: float = setting(
        "SCAN_INTERVAL", 2.0, "seconds between drop-folder scans while running", v.number(0.1, 3600)
    )
    drop_settle: timedelta = setting(
        "DROP_SETTLE",
        timedelta(seconds=5),
        "how long a drop file's size, modification time and inode must hold still before it is read (at most 1h);"
        " writers should write under a partial name (.part, .tmp) or elsewhere, then rename into the folder",
        v.duration(bare="s", most=timedelta(hours=1)),
    )
    drop_lease: timedelta = setting(
        "DROP_LEASE",
        timedelta(minutes=1),
        "how long a process's claim on the drop files it is reading lasts unrenewed (renewed every third of it"
        " while it works); the files of a process killed mid-file are read by another after this (10s-1h)",
        v.duration(least=timedelta(seconds=10), bare="s", most=timedelta(hours=1)),
    )
    feeds: tuple[str, ...] = setting(
        "FEEDS",
        (),
        "comma-separated feed URLs subscribed on start; their current entries are stored, not posted",
        v.urls("http", "https"),
        section="Feeds",
    )
    feed_interval: timedelta = setting(
        "FEED_INTERVAL",
        timedelta(minutes=15),
        "how often each feed is polled (at least 5m; a little jitter is added)",
        v.duration(least=timedelta(minutes=5)),
    )
    feed_max_age: timedelta = setting(
        "FEED_MAX_AGE",
        timedelta(days=30),
        "an entry first seen this long after the date it gives (a sticky post, an old one relisted) is kept and"
        " searchable but not posted, like a new feed's backlog (1d-10y; e.g. 3650d to post every new entry)",
        v.duration(least=timedelta(days=1), bare="d"),
    )
    feed_max_failures: int = setting(
        "FEED_MAX_FAILURES", 8, "failures in a row before a feed is paused and its channel told once", v.whole(1, 1000)
    )
    feed_timeout: float = setting("FEED_TIMEOUT", 20.0, "seconds a fetch may take in all", v.number(1, 600))
    feed_max_bytes: int = setting(
        "FEED_MAX_BYTES", 5_000_000, "the largest feed or page accepted, in bytes", v.whole(10_000, 500_000_000)
    )
    feed_concurrency: int = setting("FEED_CONCURRENCY", 20, "fetches at once, in all", v.whole(1, 500))
    feed_per_host: int = setting("FEED_PER_HOST", 2, "fetches at once to one host", v.whole(1, 50))
    feed_lease: timedelta = setting(
        "FEED_LEASE",
        timedelta(minutes=1),
        "how long a poller's hold on a due feed it took lasts unrenewed: it renews the holds of the feeds it is"
        " still fetching every third of it, and another process takes the feeds of one killed after this (10s-1d)",
        v.duration(least=timedelta(seconds=10), bare="s", most=timedelta(days=1)),
    )
    feed_allowed_networks: tuple[Network, ...] = setting(
        "FEED_ALLOWED_NETWORKS",
        (),
        "comma-separated host names, addresses or CIDR networks that feeds may use although they are loopback,"
        " private or link-local (refused by default), e.g. 10.1.0.0/16,intranet.local; a list that covers every"
        " address is refused",
        v.networks,
        fills=("feed_allowed_networks", "feed_allowed_hosts"),
    )
    feed_allowed_hosts: tuple[str, ...] = ()  # filled from FEED_ALLOWED_NETWORKS
    key_points: int = setting(
        "KEY_POINTS", 3, "key points per article (1-10)", v.whole(1, 10), section="Understanding and digests"
    )
    timezone: str = setting(
        "TIMEZONE", "UTC", "default IANA time zone for schedules and shown times, e.g. Europe/Berlin", v.zone_name
    )
    templates_dir: Path | None = setting(
        "TEMPLATES_DIR",
        None,
        "a folder of your own jinja2 templates; any template missing there comes from the bundled ones",
        v.folder,
    )
    digest_window: timedelta = setting(
        "DIGEST_WINDOW",
        timedelta(hours=24),
        "how far back a digest looks when a channel never had one",
        v.duration(least=timedelta(minutes=1)),  # 0s was taken: every first digest and `digest` empty
    )
    discord_token: str | None = setting(
        "DISCORD_TOKEN",
        None,
        "the bot token from the Discord developer portal, never logged; without it `run` runs without the bot",
        v.text,
        section="Discord",
        secret=True,
    )
    discord_channel_id: int | None = setting(
        "DISCORD_CHANNEL_ID", None, "the channel of a first daily digest at DIGEST_TIME", v.snowflake
    )
    discord_guild_id: int | None = setting(
        "DISCORD_GUILD_ID",
        None,
        "sync commands to this server only: they show at once (global sync can take an hour)",
        v.snowflake,
    )
    discord_api_base: str = setting(
        "DISCORD_API_BASE",
        DISCORD_API_BASE_DEFAULT,
        "Discord's REST address; change it only for a REST proxy or the test emulator",
        v.url("http", "https"),
    )
    discord_gateway_url: str = setting(
        "DISCORD_GATEWAY_URL",
        DISCORD_GATEWAY_DEFAULT,
        "Discord's gateway address; change it only for a proxy or the test emulator",
        v.url("ws", "wss", keep_slash=True),
    )
    shard_count: int | None = setting(
        "SHARD_COUNT",
        None,
        "the bot's total number of gateway shards, the same in every process (default: the count Discord"
        " recommends, all in this one process)",
        v.whole(1, 100_000),
    )
    shard_ids: tuple[int, ...] | None = setting(
        "SHARD_IDS",
        None,
        "the shards this process connects, e.g. 0-3 or 0,2 (needs SHARD_COUNT; default: all of them); it answers"
        " and posts for the servers of these shards only",
        v.shard_ids,
    )
    discord_rate_limit: float = setting(
        "DISCORD_RATE_LIMIT",
        50.0,
        "requests a second Discord allows the bot token in all (its global limit); each process spends its shards'"
        " share of it on scheduled posts",
        v.number(1, 100_000),
    )
    delivery_lease: timedelta = setting(
        "DELIVERY_LEASE",
        timedelta(minutes=1),
        "how long a scheduled post claimed by a process stays its own unless renewed (it renews it every third of"
        " this while sending); a process that died leaves its claims to the others once this runs out",
        v.duration(least=timedelta(seconds=3), bare="s", most=timedelta(hours=1)),
    )
    digest_time: str | None = setting(
        "DIGEST_TIME",
        None,
        "local time (in TIMEZONE) of the first daily digest to DISCORD_CHANNEL_ID, e.g. 07:30",
        v.time_of_day,
    )
    catchup_grace: timedelta = setting(
        "CATCHUP_GRACE",
        timedelta(hours=3),
        "a missed scheduled post (channel, webhook or email) is sent on start if less late than this",
        v.duration(),
    )
    post_empty_digest: bool = setting(
        "POST_EMPTY_DIGEST", False, "post a short line when a scheduled window is empty", v.yes_no
    )
    smtp_host: str | None = setting(
        "SMTP_HOST",
        None,
        "the newsletter's mail server; `run` mails daily editions only when it is set",
        v.host("SMTP_PORT"),
        section="Email newsletter",
    )
    smtp_port: int = setting("SMTP_PORT", 587, "the mail server's port", v.whole(1, 65535))
    smtp_user: str | None = setting("SMTP_USER", None, "the mail server's login", v.text)
    smtp_password: str | None = setting(
        "SMTP_PASSWORD", None, "the mail server's password, never logged", v.secret, secret=True
    )
    smtp_security: str = setting(
        "SMTP_SECURITY", "starttls", "starttls, tls or none", v.choice("starttls", "tls", "none")
    )
    smtp_from: str | None = setting(
        "SMTP_FROM", None, "the newsletter's sender, e.g. Digest <digest@example.org>", v.text
    )
    public_url: str | None = setting(
        "PUBLIC_URL",
        None,
        "base of the newsletter's unsubscribe links, e.g. https://news.example.org; when set, `run` serves the"
        " unsubscribe page (a confirm button, and RFC 8058 one-click POST)",
        v.url("http", "https"),
    )
    web_host: str = setting(
        "WEB_LISTEN",
        "127.0.0.1",
        "where `run` serves that page; put a reverse proxy from PUBLIC_URL/newsletter/unsubscribe in front of it",
        v.listen,
        shown="127.0.0.1:8080",
        fills=("web_host", "web_port"),
    )
    web_port: int = 8080  # filled from WEB_LISTEN
    log_level: str = setting(
        "LOG_LEVEL",
        "INFO",
        "`run`'s log level: DEBUG, INFO, WARNING or ERROR (one-shot commands log warnings only unless `-v`)",
        v.choice("DEBUG", "INFO", "WARNING", "ERROR", upper=True),
        section="Logging",
    )

    @property
    def database(self) -> Path | str:
        """The database to open: the PostgreSQL URL if one is set, else the SQLite file."""
        return self.database_url or self.database_path

    def zone(self) -> ZoneInfo:
        """Return the default time zone."""
        return ZoneInfo(self.timezone)


def declared() -> list[Declared]:
    """Return every setting's declaration, in the order of the class."""
    found: list[Declared] = []
    for item in fields(Settings):
        info = item.metadata.get(_KEY)
        if isinstance(info, Declared):
            found.append(
                Declared(
                    info.env,
                    info.help,
                    info.convert,
                    info.section,
                    info.shown,
                    info.fills or (item.name,),
                    item.name,
                )
            )
    return found


def load_settings(
    environ: Mapping[str, str] | None = None,
    env_file: Path | None = Path(".env"),
) -> Settings:
    """Build Settings from ``.env`` (if present) overlaid by the environment; empty values count as unset.

    Raises:
        ConfigError: naming the first setting that is invalid.
    """
    env: dict[str, str] = {}
    # Any file but a folder: /dev/null (no settings) and `--env-file <(...)` are files to read too.
    if env_file is not None and env_file.exists() and not env_file.is_dir():
        env.update(read_env_file(env_file))
    env.update(os.environ if environ is None else environ)
    values: dict[str, Any] = {}
    for info in declared():
        text = env.get(info.env)
        if text is None or not text.strip():
            continue
        value = info.convert(info.env, text)
        if len(info.fills) > 1:
            values.update(zip(info.fills, value, strict=True))
        else:
            values[info.fills[0]] = value
    settings = Settings(**values)
    check_shards(settings)
    return settings


def check_shards(settings: Settings) -> None:
    """Check SHARD_IDS against SHARD_COUNT (each alone is checked by its converter).

    Raises:
        ConfigError: naming the setting at fault.
    """
    ids, count = settings.shard_ids, settings.shard_count
    if ids is None:
        return
    if count is None:
        raise ConfigError("SHARD_IDS", "needs SHARD_COUNT, the bot's total number of shards")
    if ids[-1] >= count:
        last = count - 1
        raise ConfigError("SHARD_IDS", f"shard {ids[-1]} does not exist: with SHARD_COUNT={count} ids run 0-{last}")
