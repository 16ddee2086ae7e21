"""HTTP fetching for feeds and article pages: conditional GET, limits, guarded redirects, plain-words errors."""

from __future__ import annotations

import asyncio
import logging
import re
import ssl
from collections import defaultdict
from dataclasses import dataclass
from types import TracebackType
from urllib.parse import urljoin, urlsplit

import aiohttp

from bot import USER_AGENT
from bot.clock import Clock
from bot.config import Settings
from bot.errors import FetchError
from bot.ingest.ssrf import AddressPolicy, GuardedResolver, check_url
from bot.retry_after import parse_retry_after

log = logging.getLogger(__name__)

FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9,"
    " application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.5"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.5"
MAX_REDIRECTS = 5
_PERMANENT = frozenset({301, 308})
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_CHALLENGE = re.compile(rb"just a moment\.\.\.|cf-chl|challenge-platform|attention required! \| cloudflare", re.I)
_REASONS = {
    400: "bad request",
    401: "the feed needs a login",
    403: "access forbidden",
    404: "not found (the feed may have moved or been removed)",
    410: "gone (the feed was removed for good)",
    429: "too many requests (the site is rate-limiting us)",
    500: "the site's server failed",
    502: "bad gateway",
    503: "the site is unavailable",
    504: "the site's gateway timed out",
}


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What one fetch got: the bytes (empty for 304) and what the next conditional request needs."""

    url: str  # where the bytes finally came from
    status: int
    data: bytes
    content_type: str | None
    etag: str | None
    last_modified: str | None
    permanent_url: str | None = None  # set when every redirect on the way was permanent: store this URL

    @property
    def not_modified(self) -> bool:
        """Return whether the server answered 304: nothing to parse."""
        return self.status == 304


class Fetcher:
    """One aiohttp session with the SSRF guard in its resolver, and global and per-host limits."""

    def __init__(self, settings: Settings, clock: Clock, *, connect_timeout: float | None = None) -> None:
        self.settings = settings
        self.clock = clock
        self.policy = AddressPolicy(settings)
        total = settings.feed_timeout
        self._timeout = aiohttp.ClientTimeout(total=total, connect=connect_timeout or min(10.0, total))
        self._global = asyncio.Semaphore(settings.feed_concurrency)
        self._hosts: defaultdict[str, asyncio.Semaphore] = defaultdict(
            lambda: asyncio.Semaphore(settings.feed_per_host)
        )
        self._session: aiohttp.ClientSession | None = None

    def _open(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(
                resolver=GuardedResolver(self.policy),
                limit=self.settings.feed_concurrency,
                limit_per_host=self.settings.feed_per_host,
                ttl_dns_cache=60,
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                timeout=self._timeout,
                headers={"User-Agent": USER_AGENT},
                trust_env=False,  # a proxy would connect for us, past the guard
                auto_decompress=True,
            )
        return self._session

    async def close(self) -> None:
        """Close the session."""
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def __aenter__(self) -> Fetcher:
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.close()

    async def fetch(
        self,
        url: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = FEED_ACCEPT,
        max_bytes: int | None = None,
    ) -> FetchResult:
        """GET ``url``, following redirects by hand so the guard checks every hop.

        Raises:
            BlockedAddressError: if any hop points at a refused address.
            FetchError: with the reason in plain words (HTTP status, DNS, TLS, timeout, too large, bot check).
        """
        limit = max_bytes or self.settings.feed_max_bytes
        headers = {"Accept": accept, "Accept-Encoding": "gzip, deflate"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        current = url
        permanent = True
        seen: set[str] = set()
        for _hop in range(MAX_REDIRECTS + 1):
            if current in seen:
                raise FetchError(f"redirect loop: {current} redirects back to itself")
            seen.add(current)
            await check_url(current, self.policy)
            host = (urlsplit(current).hostname or "").lower()
            async with self._global, self._hosts[host]:
                result, location = await self._one(current, headers, limit)
            if location is None:
                assert result is not None  # noqa: S101 - _one returns one or the other
                moved = current if permanent and current != url else None
                return FetchResult(
                    result.url, result.status, result.data, result.content_type, result.etag,
                    result.last_modified, moved,
                )  # fmt: skip
            permanent = permanent and result is not None and result.status in _PERMANENT
            current = location
        raise FetchError(f"too many redirects (more than {MAX_REDIRECTS}) starting at {url}")

    async def _one(self, url: str, headers: dict[str, str], limit: int) -> tuple[FetchResult | None, str | None]:
        """Do one request; return (result, None) or (status-only result, next location)."""
        session = self._open()
        try:
            async with session.get(url, headers=headers, allow_redirects=False) as resp:
                if resp.status in _REDIRECTS:
                    target = resp.headers.get("Location")
                    if not target:
                        raise FetchError(f"HTTP {resp.status}: a redirect without a Location", status=resp.status)
                    stub = FetchResult(url, resp.status, b"", None, None, None)
                    return stub, urljoin(url, target.strip())
                if resp.status == 304:
                    return self._result(url, resp, b""), None
                if resp.status >= 400:
                    await self._raise_status(resp)
                if resp.content_length is not None and resp.content_length > limit:
                    raise FetchError(f"too large: {resp.content_length} bytes, the limit is {limit}")
                data = await _read_capped(resp, limit)
                return self._result(url, resp, data), None
        except FetchError:
            raise
        except TimeoutError:
            raise FetchError(f"timed out after {self.settings.feed_timeout:g} seconds") from None
        except aiohttp.ClientConnectorCertificateError as exc:
            raise FetchError(f"TLS: the site's certificate is not valid ({exc.certificate_error})") from None
        except (aiohttp.ClientSSLError, ssl.SSLError) as exc:
            raise FetchError(f"TLS: a secure connection failed ({exc})") from None
        except aiohttp.ClientConnectorDNSError:
            host = urlsplit(url).hostname
            raise FetchError(f"DNS: the host {host} was not found") from None
        except aiohttp.ClientConnectorError as exc:
            raise FetchError(f"cannot connect to {exc.host}:{exc.port} ({exc.os_error.strerror or exc})") from None
        except aiohttp.ClientPayloadError:
            raise FetchError("the connection broke off during the download (damaged or cut-off data)") from None
        except aiohttp.ServerDisconnectedError:
            raise FetchError("the server closed the connection without answering") from None
        except aiohttp.InvalidURL:
            raise FetchError(f"not a valid URL: {url!r}") from None
        except aiohttp.ClientResponseError:
            # Never a status (redirects are ours and no status raises): aiohttp could not parse the answer. Its
            # own words quote the server's bytes over several lines, which would reach the feed's last error.
            raise FetchError(
                "the server's answer is not valid HTTP (a status or header line that is malformed or too long)"
            ) from None
        except aiohttp.ClientError as exc:
            raise FetchError(f"the request failed ({type(exc).__name__}: {exc})") from None

    def _result(self, url: str, resp: aiohttp.ClientResponse, data: bytes) -> FetchResult:
        return FetchResult(
            url=url,
            status=resp.status,
            data=data,
            content_type=resp.headers.get("Content-Type"),
            etag=resp.headers.get("ETag"),
            last_modified=resp.headers.get("Last-Modified"),
        )

    async def _raise_status(self, resp: aiohttp.ClientResponse) -> None:
        retry = None
        if resp.status in (429, 503):
            retry = parse_retry_after(resp.headers.get("Retry-After"), self.clock.now())
        head = b""
        if resp.status in (403, 429, 503):
            head = await resp.content.read(16384)
        if resp.headers.get("cf-mitigated") == "challenge" or _CHALLENGE.search(head):
            raise FetchError(
                f"HTTP {resp.status}: blocked by a bot check (Cloudflare's 'Just a moment...' page)",
                status=resp.status,
                retry_after=retry,
            )
        reason = _REASONS.get(resp.status) or resp.reason or "error"
        wait = f"; it asks us to wait {retry:.0f} seconds" if retry is not None else ""
        raise FetchError(f"HTTP {resp.status}: {reason}{wait}", status=resp.status, retry_after=retry)


async def _read_capped(resp: aiohttp.ClientResponse, limit: int) -> bytes:
    chunks: list[bytes] = []
    size = 0
    async for chunk in resp.content.iter_chunked(65536):
        size += len(chunk)
        if size > limit:
            # Stop reading: the rest of the body is never downloaded.
            raise FetchError(f"too large: more than {limit} bytes (FEED_MAX_BYTES)")
        chunks.append(chunk)
    return b"".join(chunks)
