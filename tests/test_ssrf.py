"""The SSRF guard: address checks are unit-tested; the only traffic ever sent is to 127.0.0.1."""

from __future__ import annotations

import asyncio
import ipaddress
import socket

import pytest

from bot.config import Settings, load_settings
from bot.errors import BlockedAddressError, FetchError
from bot.ingest.ssrf import AddressPolicy, GuardedResolver, blocked_kind, check_url, check_url_syntax

DEFAULT = AddressPolicy(Settings())


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.5", "private"),
        ("192.168.1.1", "private"),
        ("169.254.169.254", "link-local"),
        ("0.0.0.0", "unspecified"),  # noqa: S104 - an address under test, nothing binds
        ("224.0.0.1", "multicast"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "private"),
        ("::1", "loopback"),
        ("::", "unspecified"),
        ("fe80::1", "link-local"),
        ("fc00::1", "private"),
        ("ff02::1", "multicast"),
        ("64:ff9b::a00:1", "private|reserved"),
    ],
)
def test_non_public_addresses_are_refused(address, kind):
    with pytest.raises(BlockedAddressError, match=kind):
        DEFAULT.check_address(address)


@pytest.mark.parametrize(
    ("address", "said"),
    [("0.0.0.0", "0.0.0.0, an unspecified address;"), ("10.0.0.1", "10.0.0.1, a private address;")],  # noqa: S104
)
def test_the_refusal_reads_as_a_sentence(address, said):
    with pytest.raises(BlockedAddressError) as caught:
        DEFAULT.check_address(address)
    assert str(caught.value).startswith(f"refused: {said} feeds must be on the public internet")


@pytest.mark.parametrize("address", ["::ffff:127.0.0.1", "::ffff:10.0.0.1", "::ffff:169.254.169.254"])
def test_ipv4_mapped_ipv6_is_checked_as_ipv4(address):
    with pytest.raises(BlockedAddressError):
        DEFAULT.check_address(address)


@pytest.mark.parametrize("address", ["93.184.215.14", "2606:2800:21f:cb07:6820:80da:af6b:8b2c", "1.1.1.1"])
def test_public_addresses_pass(address):
    DEFAULT.check_address(address)
    assert blocked_kind(ipaddress.ip_address(address)) is None


def test_allowed_networks_and_hosts_from_the_setting():
    settings = load_settings({"FEED_ALLOWED_NETWORKS": "127.0.0.1, 10.0.0.0/8, feeds.internal"}, env_file=None)
    policy = AddressPolicy(settings)
    policy.check_address("127.0.0.1")
    policy.check_address("10.20.30.40")
    policy.check_address("::ffff:10.0.0.1")
    assert policy.host_allowed("FEEDS.internal")
    with pytest.raises(BlockedAddressError):
        policy.check_address("127.0.0.2")
    with pytest.raises(BlockedAddressError):
        policy.check_address("192.168.0.1")


async def test_check_url_literals_without_any_traffic():
    for url in ("http://127.0.0.1/feed", "http://[::1]/", "https://10.0.0.8/x", "http://169.254.169.254/latest"):
        with pytest.raises(BlockedAddressError):
            await check_url(url, DEFAULT)
    with pytest.raises(BlockedAddressError, match="only http and https"):
        await check_url("gopher://example.com/", DEFAULT)
    with pytest.raises(BlockedAddressError, match="only http and https"):
        check_url_syntax("ftp://example.com/feed")


async def test_names_are_checked_by_what_they_resolve_to():
    # localhost resolves locally (no DNS traffic) to loopback addresses.
    with pytest.raises(BlockedAddressError, match="localhost resolves to"):
        await check_url("http://localhost:8080/feed", DEFAULT)
    allowed = AddressPolicy(Settings(feed_allowed_hosts=("localhost",)))
    await check_url("http://localhost:8080/feed", allowed)


async def test_unknown_host_is_a_dns_error(monkeypatch):
    # No DNS query is ever sent from tests: the loop's lookup fails as a missing name would.
    async def no_such_host(*args, **kwargs):
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(asyncio.get_running_loop(), "getaddrinfo", no_such_host)
    with pytest.raises(FetchError, match=r"DNS: the host feeds\.example was not found"):
        await check_url("http://feeds.example/feed", DEFAULT)


class FixedResolver:
    """Stands in for DNS: answers what a rebinding attacker's server would."""

    def __init__(self, *addresses: str) -> None:
        self.addresses = addresses

    async def resolve(self, host, port=0, family=socket.AF_INET):
        return [
            {"hostname": host, "host": a, "port": port, "family": family, "proto": 0, "flags": 0}
            for a in self.addresses
        ]

    async def close(self):
        return None


async def test_resolver_filters_what_the_connector_may_use():
    resolver = GuardedResolver(DEFAULT, FixedResolver("10.0.0.1", "93.184.215.14"))
    results = await resolver.resolve("rebind.example", 80)
    assert [r["host"] for r in results] == ["93.184.215.14"]
    only_private = GuardedResolver(DEFAULT, FixedResolver("127.0.0.1", "::ffff:127.0.0.1"))
    with pytest.raises(BlockedAddressError, match=r"rebind\.example resolves to"):
        await only_private.resolve("rebind.example", 80)
