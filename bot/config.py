"""Settings from the environment and ``.env``: the only module that reads them."""

from __future__ import annotations

import ipaddress
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import TypeVar
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.errors import ConfigError

T = TypeVar("T")

DISCORD_API_BASE_DEFAULT = "https://discord.com/api/v10"
DISCORD_GATEWAY_DEFAULT = "wss://gateway.discord.gg/"

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting newsdigest has; see ``.env.example`` for what each means."""

    database_path: Path = Path("newsdigest.db")
    drop_folders: tuple[Path, ...] = ()
    archive_dir: Path | None = None
    quarantine_dir: Path | None = None
    feeds: tuple[str, ...] = ()
    timezone: str = "UTC"
    key_points: int = 3
    templates_dir: Path | None = None
    discord_token: str | None = field(default=None, repr=False)
    discord_channel_id: int | None = None
    discord_guild_id: int | None = None
    discord_api_base: str = DISCORD_API_BASE_DEFAULT
    discord_gateway_url: str = DISCORD_GATEWAY_DEFAULT
    digest_time: str | None = None
    digest_window: timedelta = timedelta(hours=24)
    catchup_grace: timedelta = timedelta(hours=3)
    post_empty_digest: bool = False
    feed_interval: timedelta = timedelta(minutes=15)
    feed_max_failures: int = 8
    feed_timeout: float = 20.0
    feed_max_bytes: int = 5_000_000
    feed_concurrency: int = 20
    feed_per_host: int = 2
    feed_allowed_networks: tuple[Network, ...] = ()
    feed_allowed_hosts: tuple[str, ...] = ()
    scan_interval: float = 2.0
    drop_settle: timedelta = timedelta(seconds=5)
    log_level: str = "INFO"
    smtp_host: str | None = None
    smtp_port: int = 587
    smtp_user: str | None = None
    smtp_password: str | None = field(default=None, repr=False)
    smtp_security: str = "starttls"
    smtp_from: str | None = None
    public_url: str | None = None
    web_host: str = "127.0.0.1"
    web_port: int = 8080

    @property
    def zone(self) -> ZoneInfo:
        """Return the default time zone."""
        return ZoneInfo(self.timezone)


def parse_duration(text: str) -> timedelta:
    """Parse ``90s``, ``15m``, ``24h``, ``7d``, ``1w`` or a bare number of hours into a timedelta.

    Raises:
        ValueError: if the text is not such a duration.
    """
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhdw]?)\s*", text.lower())
    if not match:
        raise ValueError(f"{text!r} is not a duration like 30m, 24h or 7d")
    value = float(match.group(1))
    unit = match.group(2) or "h"
    seconds = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}[unit]
    if value * seconds > 3650 * 86400:  # checked before timedelta(), which overflows on huge numbers
        raise ValueError(f"{text.strip()[:40]!r} is longer than ten years")
    return timedelta(seconds=value * seconds)


def parse_hhmm(text: str) -> str:
    """Check a local time of day ``HH:MM`` (24-hour) and return it zero-padded.

    Raises:
        ValueError: if it is not a time of day.
    """
    match = re.fullmatch(r"\s*(\d{1,2})[:.h](\d{2})\s*", text)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValueError(f"{text!r} is not a time like 07:30")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


def read_env_file(path: Path) -> dict[str, str]:
    """Read ``KEY=value`` lines; ``#`` comments, blank lines, ``export`` and quotes are handled.

    Raises:
        ConfigError: if a line is not of that form.
    """
    values: dict[str, str] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(str(path), f"cannot be read ({exc})") from exc
    for number, raw in enumerate(lines, 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        line = line.removeprefix("export ").strip()
        key, sep, value = line.partition("=")
        key = key.strip()
        if not sep or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", key):
            raise ConfigError(f"{path}:{number}", "expected a line KEY=value")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        else:
            value = re.sub(r"\s+#.*$", "", value)
        values[key] = value
    return values


def _path(name: str, text: str) -> Path:
    try:
        return Path(text.strip()).expanduser()
    except RuntimeError:  # ~someone for a user this machine does not know
        raise ConfigError(name, f"{text.strip()[:80]!r}: the home folder in it cannot be found") from None


def _split(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,\n]", text) if part.strip()]


def _int(name: str, text: str, low: int, high: int) -> int:
    try:
        value = int(text.strip())
    except ValueError:
        raise ConfigError(name, f"{text!r} is not a whole number") from None
    if not low <= value <= high:
        raise ConfigError(name, f"{value} is outside {low}..{high}")
    return value


def _float(name: str, text: str, low: float, high: float) -> float:
    try:
        value = float(text.strip())
    except ValueError:
        raise ConfigError(name, f"{text!r} is not a number") from None
    if not low <= value <= high:
        raise ConfigError(name, f"{value} is outside {low}..{high}")
    return value


def _bool(name: str, text: str) -> bool:
    lowered = text.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ConfigError(name, f"{text!r} is not yes/no (use true or false)")


def _duration(name: str, text: str) -> timedelta:
    try:
        return parse_duration(text)
    except ValueError as exc:
        raise ConfigError(name, str(exc)) from None


def _settle(name: str, text: str) -> timedelta:
    value = _duration(name, text)
    if value > timedelta(hours=1):  # a bare number is hours: "5" meant 5s, surely
        raise ConfigError(name, f"{text.strip()[:40]!r} is longer than an hour; write seconds as 5s")
    return value


def _snowflake(name: str, text: str) -> int:
    if not re.fullmatch(r"\d{15,21}", text.strip()):
        raise ConfigError(name, "expected a Discord id (a number of 15 to 21 digits; enable Developer Mode to copy it)")
    return int(text.strip())


def _url(name: str, text: str, schemes: tuple[str, ...]) -> str:
    value = text.strip().rstrip("/")
    if not re.match(rf"^({'|'.join(schemes)})://[^\s/]+", value):
        raise ConfigError(name, f"{text!r} is not a {' or '.join(schemes)} URL")
    return value


def _listen(name: str, text: str) -> tuple[str, int]:
    host, colon, port = text.strip().rpartition(":")
    host = host.strip("[]")
    if not colon or not host or not re.fullmatch(r"[A-Za-z0-9.:-]+", host):
        raise ConfigError(name, f"{text!r} is not HOST:PORT (for example 127.0.0.1:8080)")
    return host, _int(name, port, 1, 65535)


def _networks(name: str, text: str) -> tuple[tuple[Network, ...], tuple[str, ...]]:
    nets: list[Network] = []
    hosts: list[str] = []
    for part in _split(text):
        try:
            nets.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            if not re.fullmatch(r"[A-Za-z0-9.-]+", part):
                raise ConfigError(name, f"{part!r} is neither a host name nor an address or CIDR network") from None
            hosts.append(part.lower())
    return tuple(nets), tuple(hosts)


def find_zone(name: str) -> ZoneInfo | None:
    """Return the IANA time zone of that name, or None for anything that is not one (never raises)."""
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError, OSError):  # a very long name is an OSError (name too long)
        return None


def _timezone(name: str, text: str) -> str:
    if find_zone(text) is None:
        raise ConfigError(name, f"{text[:60]!r} is not an IANA time zone such as Europe/Berlin")
    return text.strip()


def load_settings(
    environ: Mapping[str, str] | None = None,
    env_file: Path | None = Path(".env"),
) -> Settings:
    """Build Settings from ``.env`` (if present) overlaid by the environment.

    Raises:
        ConfigError: naming the first setting that is missing or invalid.
    """
    env: dict[str, str] = {}
    if env_file is not None and env_file.is_file():
        env.update(read_env_file(env_file))
    env.update(os.environ if environ is None else environ)
    kwargs: dict[str, object] = {}

    def opt(name: str, key: str, conv: Callable[[str, str], object]) -> None:
        text = env.get(name)
        if text is not None and text.strip() != "":
            kwargs[key] = conv(name, text)

    opt("DATABASE_PATH", "database_path", _path)
    opt("DROP_FOLDERS", "drop_folders", lambda n, t: tuple(_path(n, p) for p in _split(t)))
    opt("ARCHIVE_DIR", "archive_dir", _path)
    opt("QUARANTINE_DIR", "quarantine_dir", _path)
    opt("FEEDS", "feeds", lambda n, t: tuple(_url(n, u, ("http", "https")) for u in _split(t)))
    opt("TIMEZONE", "timezone", _timezone)
    opt("KEY_POINTS", "key_points", lambda n, t: _int(n, t, 1, 10))
    opt("TEMPLATES_DIR", "templates_dir", _path)
    opt("DISCORD_TOKEN", "discord_token", lambda n, t: t.strip())
    opt("DISCORD_CHANNEL_ID", "discord_channel_id", _snowflake)
    opt("DISCORD_GUILD_ID", "discord_guild_id", _snowflake)
    opt("DISCORD_API_BASE", "discord_api_base", lambda n, t: _url(n, t, ("http", "https")))
    opt("DISCORD_GATEWAY_URL", "discord_gateway_url", lambda n, t: _url(n, t, ("ws", "wss")))
    opt("DIGEST_TIME", "digest_time", lambda n, t: _wrap(n, parse_hhmm, t))
    opt("DIGEST_WINDOW", "digest_window", _duration)
    opt("CATCHUP_GRACE", "catchup_grace", _duration)
    opt("POST_EMPTY_DIGEST", "post_empty_digest", _bool)
    opt("FEED_INTERVAL", "feed_interval", _duration)
    opt("FEED_MAX_FAILURES", "feed_max_failures", lambda n, t: _int(n, t, 1, 1000))
    opt("FEED_TIMEOUT", "feed_timeout", lambda n, t: _float(n, t, 1, 600))
    opt("FEED_MAX_BYTES", "feed_max_bytes", lambda n, t: _int(n, t, 10_000, 500_000_000))
    opt("FEED_CONCURRENCY", "feed_concurrency", lambda n, t: _int(n, t, 1, 500))
    opt("FEED_PER_HOST", "feed_per_host", lambda n, t: _int(n, t, 1, 50))
    opt("SCAN_INTERVAL", "scan_interval", lambda n, t: _float(n, t, 0.1, 3600))
    opt("DROP_SETTLE", "drop_settle", _settle)
    opt("LOG_LEVEL", "log_level", lambda n, t: _choice(n, t.upper(), ("DEBUG", "INFO", "WARNING", "ERROR")))
    opt("SMTP_HOST", "smtp_host", lambda n, t: t.strip())
    opt("SMTP_PORT", "smtp_port", lambda n, t: _int(n, t, 1, 65535))
    opt("SMTP_USER", "smtp_user", lambda n, t: t.strip())
    opt("SMTP_PASSWORD", "smtp_password", lambda n, t: t)
    opt("SMTP_SECURITY", "smtp_security", lambda n, t: _choice(n, t.lower(), ("starttls", "tls", "none")))
    opt("SMTP_FROM", "smtp_from", lambda n, t: t.strip())
    opt("PUBLIC_URL", "public_url", lambda n, t: _url(n, t, ("http", "https")))
    if "WEB_LISTEN" in env and env["WEB_LISTEN"].strip():
        kwargs["web_host"], kwargs["web_port"] = _listen("WEB_LISTEN", env["WEB_LISTEN"])
    if "FEED_ALLOWED_NETWORKS" in env and env["FEED_ALLOWED_NETWORKS"].strip():
        nets, hosts = _networks("FEED_ALLOWED_NETWORKS", env["FEED_ALLOWED_NETWORKS"])
        kwargs["feed_allowed_networks"] = nets
        kwargs["feed_allowed_hosts"] = hosts
    interval = kwargs.get("feed_interval")
    if isinstance(interval, timedelta) and interval < timedelta(minutes=5):
        raise ConfigError("FEED_INTERVAL", "must be at least 5m: feeds should not be polled more often")
    return Settings(**kwargs)  # type: ignore[arg-type]


def _wrap(name: str, func: Callable[[str], T], text: str) -> T:
    try:
        return func(text)
    except ValueError as exc:
        raise ConfigError(name, str(exc)) from None


def _choice(name: str, text: str, allowed: tuple[str, ...]) -> str:
    value = text.strip()
    if value not in allowed:
        raise ConfigError(name, f"{text!r} is not one of {', '.join(allowed)}")
    return value
