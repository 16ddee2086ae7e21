"""The digest by email: recipients, rendering, building and sending messages over SMTP."""
