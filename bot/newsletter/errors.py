"""Newsletter errors: SMTP and address problems in words a person can act on."""

from __future__ import annotations

from bot.errors import NewsdigestError


class NewsletterError(NewsdigestError):
    """Something about the newsletter went wrong; the message says what."""


class InvalidAddressError(NewsletterError):
    """The text is not an email address newsdigest can send to."""


class UnknownRecipientError(NewsletterError):
    """No recipient with that address is subscribed."""


class SmtpError(NewsletterError):
    """The mail server could not be reached, refused the login, or dropped the connection."""


class RecipientRefusedError(SmtpError):
    """The mail server refused this one recipient or message; the others may still be sent."""
