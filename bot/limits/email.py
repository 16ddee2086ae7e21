"""Limits of email as inboxes show it: what the newsletter's parts must stay within."""

from __future__ import annotations

# Inbox previews show the first 90-150 characters after the subject; a longer preheader is never seen.
PREHEADER_MAX = 150
