"""Discord's message limits (https://discord.com/developers/docs/resources/message), counted in UTF-16 units.

``bot.digest.escape.discord_len`` counts as Discord does; ``bot.digest.discord`` packs within these.
"""

from __future__ import annotations

CONTENT_MAX = 2000  # characters of a message's content
EMBEDS_PER_MESSAGE = 10
EMBED_TOTAL_MAX = 6000  # title, description, fields, footer and author of every embed of one message
TITLE_MAX = 256
DESCRIPTION_MAX = 4096
FIELDS_MAX = 25
FIELD_NAME_MAX = 256
FIELD_VALUE_MAX = 1024
FOOTER_MAX = 2048
AUTHOR_MAX = 256
IMAGE_URL_MAX = 2048  # an embed image's or thumbnail's URL
THREAD_NAME_MAX = 100  # characters of a thread's (or a forum post's) name
APPLIED_TAGS_MAX = 5  # forum tags on one forum post
