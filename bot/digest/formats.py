"""The formats a digest and a search page render to: light, so the command line can offer them at start-up.

:mod:`bot.digest.render` brings jinja2 and the templates; ``newsdigest ingest`` builds the same parser and
never renders.
"""

DIGEST_FORMATS = ("markdown", "text", "html", "discord-json")
SEARCH_FORMATS = ("markdown", "text", "json")
