"""One cog per feature; thin: they call the same functions the CLI calls."""
