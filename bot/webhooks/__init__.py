"""Post digests to Discord and Slack incoming webhooks: no bot, just an HTTPS URL."""
