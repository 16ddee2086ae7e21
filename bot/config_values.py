"""Reading setting values: each converter turns one setting's text into its value or a ConfigError naming it.

``bot/config.py`` declares the settings and says which converter reads each; this module only knows how to
read kinds of values (numbers, durations, paths, URLs, networks). The database's address is read by
``bot/config_database.py``, the ``.env`` file by ``bot/config_envfile.py``.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable, Iterable
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.errors import ConfigError

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
# A converter: (setting name, text as written) -> value; raises ConfigError naming the setting.
Converter = Callable[[str, str], Any]

_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_TEN_YEARS = 3650 * 86400


class NotADurationError(ValueError):
    """The text is no duration at all (rather than one out of range, negative or empty)."""


def parse_duration(text: str, *, bare: str = "h") -> timedelta:
    """Parse ``90s``, ``15m``, ``24h``, ``7d``, ``1w``, or a bare number (of ``bare`` units), into a timedelta.

    Raises:
        ValueError: if the text is not such a duration.
    """
    # ASCII digits only: "٣h" matched \d and was read as three hours.
    match = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([smhdw]?)\s*", text.lower())
    if not match:
        if re.fullmatch(r"\s*-\s*[0-9.]+\s*[smhdw]?\s*", text.lower()):
            raise ValueError(f"{text.strip()[:40]!r} is negative: a duration counts back from now, like 24h or 7d")
        if not text.strip():
            raise ValueError("is empty: give a duration like 30m, 24h or 7d")
        raise NotADurationError(f"{text[:40]!r} is not a duration like 30m, 24h or 7d")
    seconds = float(match.group(1)) * _UNITS[match.group(2) or bare]
    if seconds > _TEN_YEARS:  # checked before timedelta(), which overflows on huge numbers
        raise ValueError(f"{text.strip()[:40]!r} is longer than ten years")
    return timedelta(seconds=seconds)


# A digest's or a search's window: shorter holds nothing (0s was taken, and an empty digest said nothing wrong).
WINDOW_LEAST = timedelta(minutes=1)  # said "one minute" below


def parse_window(text: str) -> timedelta:
    """Parse a window to look back over (``--since 24h``, ``/digest since:2d``): a duration of 1 minute to 10 years.

    The one reading of every command's ``--since`` and every chat ``since`` duration, so that each bad one
    (negative, zero, huge, garbage, empty) is the same one line everywhere.

    Raises:
        ValueError: saying what is wrong with the text, in words that follow "--since: ".
    """
    window = parse_duration(text)
    if window < WINDOW_LEAST:
        raise ValueError(f"{text.strip()[:40]!r} is too short: a window is at least one minute")
    return window


def format_duration(value: timedelta) -> str:
    """Write a duration the way a person types it in ``.env``: ``15m``, ``24h``, ``5s``."""
    seconds = value.total_seconds()
    # Days and weeks only from three days up: people write 24h and 48h, not 1d and 2d.
    units = ("w", "d", "h", "m") if seconds >= 3 * 86400 else ("h", "m")
    for unit in units:
        if seconds >= _UNITS[unit] and seconds % _UNITS[unit] == 0:
            return f"{int(seconds // _UNITS[unit])}{unit}"
    return f"{seconds:g}s"


def parse_hhmm(text: str) -> str:
    """Check a local time of day ``HH:MM`` (24-hour) and return it zero-padded.

    Raises:
        ValueError: if it is not a time of day.
    """
    # ASCII digits only: full-width ones matched \d and were stored as typed.
    match = re.fullmatch(r"\s*([0-9]{1,2})[:.h]([0-9]{2})\s*", text)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        raise ValueError(f"{text[:40]!r} is not a time like 07:30")
    return f"{int(match.group(1)):02d}:{match.group(2)}"


# Files of the zone database that are not zones a person means: ``localtime`` is whatever zone the host has (a
# schedule would move with the machine it runs on), ``posixrules`` the same, ``Factory`` prints "-00".
_NOT_ZONES = frozenset({"localtime", "posixrules", "factory"})


def find_zone(name: str) -> ZoneInfo | None:
    """Return the IANA time zone of that name, or None for anything that is not one (never raises)."""
    if name.strip().casefold() in _NOT_ZONES:
        return None
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError, OSError):  # a very long name is an OSError (name too long)
        return None


# --- converters: (name, text) -> value -----------------------------------------------------------------


def text(name: str, value: str) -> str:
    """Any text, trimmed."""
    return value.strip()


def secret(name: str, value: str) -> str:
    """A password or token, taken exactly as written."""
    return value


def split(value: str) -> list[str]:
    """Return the comma- (or line-) separated parts of a list setting."""
    return [part.strip() for part in re.split(r"[,\n]", value) if part.strip()]


def path(name: str, value: str) -> Path:
    """A file or folder path; ``~`` is the home folder."""
    if "\x00" in value:
        raise ConfigError(name, "contains a NUL character")
    try:
        return Path(value.strip()).expanduser()
    except RuntimeError:  # ~someone for a user this machine does not know
        raise ConfigError(name, f"{value.strip()[:80]!r}: the home folder in it cannot be found") from None


def paths(name: str, value: str) -> tuple[Path, ...]:
    """A comma-separated list of paths."""
    return tuple(path(name, part) for part in split(value))


def is_folder(name: str, found: Path) -> bool:
    """Tell whether ``found`` is a folder; a name the file system refuses (too long, ...) is the setting's fault.

    Raises:
        ConfigError: naming the setting, when the path cannot even be looked at.
    """
    try:
        return found.is_dir()
    except OSError as exc:  # pathlib lets ENAMETOOLONG and EACCES through
        raise ConfigError(name, f"{str(found)[:80]!r}… cannot be used ({exc.strerror})") from None


def folder(name: str, value: str) -> Path:
    """A folder that must exist now."""
    found = path(name, value)
    if not is_folder(name, found):
        raise ConfigError(name, f"{str(found)[:200]} is not a folder")
    return found


def whole(low: int, high: int) -> Converter:
    """A whole number within low..high."""

    def convert(name: str, value: str) -> int:
        try:
            if not value.strip().isascii():  # int() reads any script's digits: "٥٨٧" was port 587
                raise ValueError(value)
            number = int(value.strip())
        except ValueError:
            raise ConfigError(name, f"{value[:40]!r} is not a whole number") from None
        if not low <= number <= high:
            raise ConfigError(name, f"{number} is outside {low}..{high}")
        return number

    return convert


def shard_ids(name: str, value: str) -> tuple[int, ...]:
    """Shard ids as ``0-3``, ``0,2`` or ``0-1,5``: sorted, each once."""
    found: set[int] = set()
    for part in split(value):
        low, dash, high = part.partition("-")
        try:
            first, last = int(low), int(high if dash else low)
        except ValueError:
            raise ConfigError(name, f"{part[:40]!r} is not a shard id or range such as 0-3") from None
        if first < 0 or last < first or last - first > 100_000:
            raise ConfigError(name, f"{part[:40]!r} is not a range of shard ids from low to high, such as 0-3")
        found.update(range(first, last + 1))
    if not found:
        raise ConfigError(name, "names no shard; write e.g. 0-3 or 0,2")
    return tuple(sorted(found))


def number(low: float, high: float) -> Converter:
    """A number (decimals allowed) within low..high."""

    def convert(name: str, value: str) -> float:
        try:
            result = float(value.strip())
        except ValueError:
            raise ConfigError(name, f"{value[:40]!r} is not a number") from None
        if not low <= result <= high:  # also refuses nan
            raise ConfigError(name, f"{value.strip()[:40]} is outside {low:g}..{high:g}")
        return result

    return convert


def yes_no(name: str, value: str) -> bool:
    """true/false, yes/no, on/off, 1/0."""
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off", ""}:
        return False
    raise ConfigError(name, f"{value[:40]!r} is not yes/no (use true or false)")


def duration(*, least: timedelta = timedelta(0), bare: str = "h", most: timedelta | None = None) -> Converter:
    """A duration such as ``15m`` or ``3h`` (a bare number counts ``bare`` units), from ``least`` to ``most``."""

    def convert(name: str, value: str) -> timedelta:
        try:
            result = parse_duration(value, bare=bare)
        except ValueError as exc:
            raise ConfigError(name, str(exc)) from None
        if result < least:
            raise ConfigError(name, f"must be at least {format_duration(least)}")
        if most is not None and result > most:
            raise ConfigError(name, f"must be at most {format_duration(most)}")
        return result

    return convert


def time_of_day(name: str, value: str) -> str:
    """A local time of day, ``HH:MM``."""
    try:
        return parse_hhmm(value)
    except ValueError as exc:
        raise ConfigError(name, str(exc)) from None


_SNOWFLAKE_MAX = 2**63 - 1  # what SQLite's integer and PostgreSQL's bigint hold; Discord's ids are far below it


def snowflake(name: str, value: str) -> int:
    """A Discord id (ASCII digits, within what the database stores)."""
    if not re.fullmatch(r"[0-9]{15,21}", value.strip()) or int(value.strip()) > _SNOWFLAKE_MAX:
        raise ConfigError(name, "expected a Discord id (a number of 15 to 21 digits; enable Developer Mode to copy it)")
    return int(value.strip())


def url(*schemes: str, keep_slash: bool = False) -> Converter:
    """A URL with one of these schemes (a trailing slash dropped unless ``keep_slash``)."""

    def convert(name: str, value: str) -> str:
        result = value.strip() if keep_slash else value.strip().rstrip("/")
        if not re.match(rf"^({'|'.join(schemes)})://[^\s/]+", result):
            raise ConfigError(name, f"{value[:80]!r} is not a {' or '.join(schemes)} URL")
        return result

    return convert


def urls(*schemes: str) -> Converter:
    """A comma-separated list of URLs."""
    one = url(*schemes)
    return lambda name, value: tuple(one(name, part) for part in split(value))


def choice(*allowed: str, upper: bool = False) -> Converter:
    """One of a few words (case-insensitive)."""

    def convert(name: str, value: str) -> str:
        word = value.strip().upper() if upper else value.strip().lower()
        if word not in allowed:
            raise ConfigError(name, f"{value[:40]!r} is not one of {', '.join(allowed)}")
        return word

    return convert


def zone_name(name: str, value: str) -> str:
    """An IANA time zone name."""
    if find_zone(value) is None:
        raise ConfigError(name, f"{value[:60]!r} is not an IANA time zone such as Europe/Berlin")
    return value.strip()


def listen(name: str, value: str) -> tuple[str, int]:
    """``HOST:PORT`` (``[::1]:8080`` for IPv6): the host and the port."""
    host, colon, port = value.strip().rpartition(":")
    host = host.strip("[]")
    if not colon or not host or not re.fullmatch(r"[A-Za-z0-9.:-]+", host):
        raise ConfigError(name, f"{value[:80]!r} is not HOST:PORT (for example 127.0.0.1:8080)")
    return host, whole(1, 65535)(name, port)


_LABEL = re.compile(r"(?!-)[A-Za-z0-9_-]{1,63}(?<!-)")


def host(port_setting: str) -> Converter:
    """A server's host name or address alone, as a resolver takes it (its port is ``port_setting``'s)."""

    def convert(name: str, value: str) -> str:
        text = value.strip()
        try:
            return str(ipaddress.ip_address(text.removeprefix("[").removesuffix("]")))
        except ValueError:
            pass
        shown = repr(text[:80])
        if "://" in text or "/" in text:
            raise ConfigError(name, f"{shown} is not a host name: give the server's name alone, e.g. smtp.example.org")
        if re.fullmatch(r"[^:]+:[0-9]*", text):
            raise ConfigError(name, f"{shown} holds a port: give the name alone and the port in {port_setting}")
        try:
            ascii_name = text.encode("idna").decode("ascii") if not text.isascii() else text
        except UnicodeError:
            ascii_name = ""
        labels = ascii_name.removesuffix(".").split(".")
        if len(ascii_name) > 253 or not all(_LABEL.fullmatch(label) for label in labels):
            raise ConfigError(name, f"{shown} is not a host name or an address (e.g. smtp.example.org, 192.0.2.25)")
        return text

    return convert


def networks(name: str, value: str) -> tuple[tuple[Network, ...], tuple[str, ...]]:
    """Host names, addresses and CIDR networks; refused when together they open every address."""
    nets: list[Network] = []
    hosts: list[str] = []
    for part in split(value):
        try:
            nets.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            if not re.fullmatch(r"[A-Za-z0-9.-]+", part):
                raise ConfigError(
                    name, f"{part[:80]!r} is neither a host name nor an address or CIDR network"
                ) from None
            hosts.append(part.lower())
    everything = covers_everything(nets)
    if everything:
        raise ConfigError(
            name,
            f"covers every {everything} address, which turns the feed address guard off; list only the"
            " hosts or networks your feeds are on (e.g. 10.1.0.0/16)",
        )
    return tuple(nets), tuple(hosts)


def covers_everything(nets: Iterable[Network]) -> str | None:
    """Return ``IPv4`` or ``IPv6`` when the networks together hold every address of that family, else None."""
    mapped = ipaddress.IPv6Network("::ffff:0:0/96")
    v4: list[ipaddress.IPv4Network] = []
    v6: list[ipaddress.IPv6Network] = []
    for net in nets:
        if isinstance(net, ipaddress.IPv4Network):
            v4.append(net)
        elif net.subnet_of(mapped):  # ::ffff:a.b.c.d reaches a.b.c.d: count it as IPv4
            first = net.network_address.ipv4_mapped
            assert first is not None  # noqa: S101 - inside ::ffff:0:0/96 every address maps
            v4.append(ipaddress.IPv4Network((first, net.prefixlen - 96)))
        else:
            v6.append(net)
    if any(n.prefixlen == 0 for n in ipaddress.collapse_addresses(v6)):
        return "IPv6"
    if any(n.prefixlen == 0 for n in ipaddress.collapse_addresses(v4)):
        return "IPv4"
    return None
