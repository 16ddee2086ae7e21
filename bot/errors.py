"""One exception tree for newsdigest; library errors are translated into these at the boundary."""


class NewsdigestError(Exception):
    """Base of every error the project raises on purpose; its message is safe to show to a user."""


class ConfigError(NewsdigestError):
    """A setting is missing or invalid."""

    def __init__(self, setting: str, problem: str) -> None:
        super().__init__(f"{setting}: {problem}")
        self.setting = setting
        self.problem = problem


class ParseError(NewsdigestError):
    """A file or feed could not be turned into articles."""


class UnsupportedFormatError(ParseError):
    """The file's type is not one newsdigest reads."""


class FetchError(NewsdigestError):
    """A feed or page could not be fetched; the message says why in plain words."""

    def __init__(self, message: str, *, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


class DuplicateFeedError(NewsdigestError):
    """A feed moved permanently to the address of another feed: the same entries would be polled twice."""


class BlockedAddressError(FetchError):
    """The URL points at an address that the SSRF guard refuses."""


class StoreError(NewsdigestError):
    """The database refused an operation (locked, full, corrupt)."""


class DatabaseUnavailable(StoreError):  # noqa: N818 - a StoreError; the name says which kind
    """The database as a whole refuses writes (locked, full, read-only, damaged): no write will do better now."""


class InvalidSearchQueryError(NewsdigestError):
    """The user's search text cannot be searched; the message says what to change."""
