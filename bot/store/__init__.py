"""SQLite storage: connection and migrations, and one repository module per table group."""
