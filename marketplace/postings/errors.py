"""What can go wrong with a posting, in words the author understands."""

from __future__ import annotations

from marketplace.accounts.permissions import PermissionDenied
from marketplace.domain_errors import DomainError

__all__ = [
    "InvalidPosting",
    "NeedsNewDate",
    "PermissionDenied",
    "PostingError",
    "WrongPostingStatus",
]


class PostingError(DomainError):
    """Base for posting rules; ``message`` is a (lazy) translated text for the person."""

    def __init__(self, message: str = "") -> None:
        # Kept lazy: it is translated when shown, in the reader's language.
        super().__init__(message)
        if message:
            self.message = message


class InvalidPosting(PostingError):
    """A value breaks a rule (a date in the past, an unknown category). ``field`` names the
    form field it belongs to, so the view can show the message beside it."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


class WrongPostingStatus(PostingError):
    """The posting's status does not allow this (closing a closed one, editing a matched one)."""


class NeedsNewDate(PostingError):
    """A one-off posting whose date has passed cannot be renewed as it is: pick a new date."""
