"""The Discord face of newsdigest: client, cogs, views, error handling, the scheduled poster."""
