"""The SSRF guard: feeds may only reach public addresses, unless FEED_ALLOWED_NETWORKS says otherwise."""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from urllib.parse import urlsplit

from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.resolver import DefaultResolver

from bot.config import Settings
from bot.errors import BlockedAddressError, FetchError

Address = ipaddress.IPv4Address | ipaddress.IPv6Address

# IPv6 ranges that embed an IPv4 address or are otherwise not the public internet, beyond the stdlib flags.
_EXTRA_V6 = (
    ipaddress.ip_network("64:ff9b::/96"),  # NAT64: the embedded IPv4 address is what is reached
    ipaddress.ip_network("64:ff9b:1::/48"),
    ipaddress.ip_network("2002::/16"),  # 6to4
    ipaddress.ip_network("2001::/32"),  # Teredo
)
_EXTRA_V4 = (ipaddress.ip_network("100.64.0.0/10"),)  # carrier-grade NAT, shared address space


class AddressPolicy:
    """Decides which hosts and addresses a feed URL may reach."""

    def __init__(self, settings: Settings) -> None:
        self.networks = settings.feed_allowed_networks
        self.hosts = frozenset(h.lower().rstrip(".") for h in settings.feed_allowed_hosts)

    def host_allowed(self, host: str) -> bool:
        """Return whether the host name itself is allowed whatever it resolves to."""
        return host.lower().rstrip(".") in self.hosts

    def check_address(self, address: str | Address, host: str = "") -> None:
        """Refuse an address that is not public and not allowed.

        Raises:
            BlockedAddressError: naming the kind of address.
        """
        ip = ipaddress.ip_address(address) if isinstance(address, str) else address
        if any(ip in net for net in self.networks):
            return
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
            # ::ffff:127.0.0.1 is 127.0.0.1 to the socket layer.
            self.check_address(ip.ipv4_mapped, host)
            return
        kind = blocked_kind(ip)
        if kind is not None:
            where = f"{host} resolves to " if host and host != str(ip) else ""
            article = "an" if kind.startswith("u") else "a"  # "an unspecified address"
            raise BlockedAddressError(
                f"refused: {where}{ip}, {article} {kind} address; feeds must be on the public internet"
                " (an administrator can allow it with FEED_ALLOWED_NETWORKS)"
            )


def blocked_kind(ip: Address) -> str | None:
    """Return what kind of non-public address ``ip`` is, or None for a public one."""
    if ip.is_loopback:
        return "loopback"
    if ip.is_unspecified:
        return "unspecified"
    if ip.is_link_local:
        return "link-local"
    if ip.is_multicast:
        return "multicast"
    if ip.is_reserved:
        return "reserved"
    if ip.is_private:
        return "private"
    if isinstance(ip, ipaddress.IPv6Address) and (ip.is_site_local or any(ip in n for n in _EXTRA_V6)):
        return "private"
    if isinstance(ip, ipaddress.IPv4Address) and any(ip in n for n in _EXTRA_V4):
        return "private"
    if not ip.is_global:
        return "reserved"
    return None


def check_url_syntax(url: str) -> tuple[str, str]:
    """Return (scheme, host) of an http(s) URL.

    Raises:
        FetchError: if the URL is not http or https or has no host.
    """
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        raise FetchError(f"not a valid URL: {url!r}") from None
    if parts.scheme.lower() not in {"http", "https"}:
        raise BlockedAddressError(f"refused: only http and https feeds are allowed, not {parts.scheme or 'no'} URLs")
    if not host:
        raise FetchError(f"not a valid URL (no host): {url!r}")
    try:
        # What the resolver will do with it: a label that is empty ("a..example") or over 63 characters fails
        # there with a UnicodeError, which reached the chat as "Something went wrong".
        host.encode("idna")
    except UnicodeError:
        shown = host if len(host) <= 80 else host[:79] + "…"
        raise FetchError(
            f"not a valid URL: the host name {shown} has an empty part or a part longer than 63 characters"
        ) from None
    return parts.scheme.lower(), host


async def check_url(url: str, policy: AddressPolicy) -> None:
    """Check a URL before any request: scheme, and every address its host resolves to.

    Raises:
        BlockedAddressError: if the guard refuses it.
        FetchError: if it is not a URL or its host does not resolve.
    """
    _, host = check_url_syntax(url)
    if policy.host_allowed(host):
        return
    try:
        policy.check_address(host, host)
        return
    except ValueError:
        pass  # a name, not an address literal
    for address in await _lookup(host):
        policy.check_address(address, host)


async def _lookup(host: str) -> list[str]:
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, None, type=socket.SOCK_STREAM)
    except socket.gaierror as exc:
        raise FetchError(f"DNS: the host {host} was not found ({exc.strerror})") from None
    return list(dict.fromkeys(str(info[4][0]).split("%", 1)[0] for info in infos))


class GuardedResolver(AbstractResolver):
    """An aiohttp resolver that hands the connector only addresses the guard accepts.

    The connector connects to exactly what this returns, so a DNS answer that changes between the check and the
    connection (DNS rebinding) is checked too.
    """

    def __init__(self, policy: AddressPolicy, inner: AbstractResolver | None = None) -> None:
        self._policy = policy
        self._inner = inner or DefaultResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        """Resolve ``host`` and keep only allowed addresses."""
        results = await self._inner.resolve(host, port, family)
        if self._policy.host_allowed(host):
            return results
        allowed: list[ResolveResult] = []
        refusal: BlockedAddressError | None = None
        for result in results:
            try:
                self._policy.check_address(result["host"].split("%", 1)[0], host)
            except BlockedAddressError as exc:
                refusal = exc
                continue
            allowed.append(result)
        if not allowed:
            raise refusal or BlockedAddressError(f"refused: {host} has no allowed address")
        return allowed

    async def close(self) -> None:
        """Close the inner resolver."""
        await self._inner.close()
