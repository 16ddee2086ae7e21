"""newsdigest: a calm daily news digest for Discord."""

__version__ = "0.1.0"
PROJECT_URL = "https://github.com/newsdigest/newsdigest"
USER_AGENT = f"newsdigest/{__version__} (+{PROJECT_URL})"
