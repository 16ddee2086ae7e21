"""Slack's Block Kit limits for incoming-webhook messages (https://api.slack.com/reference/block-kit/blocks)."""

from __future__ import annotations

SECTION_TEXT_MAX = 3000  # characters of a section block's text
BLOCKS_PER_MESSAGE = 50
HEADER_MAX = 150  # characters of a header block's plain text
MESSAGE_TEXT_MAX = 40_000  # a message's top-level text; Slack truncates longer ones
