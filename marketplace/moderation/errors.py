"""What can go wrong when moderating or reporting; views turn these into clear messages."""

from __future__ import annotations

from marketplace.domain_errors import DomainError


class ModerationError(DomainError):
    """Base class: a moderation rule stops this decision."""


class PostingNotPending(ModerationError):
    """The posting no longer waits for review (another moderator may have decided already)."""


class PostingNotPublic(ModerationError):
    """Only a posting that is visible to everyone can be hidden."""


class OwnPosting(ModerationError):
    """Nobody moderates their own posting, or a report about themselves."""


class AuthorBlocked(ModerationError):
    """A blocked person's posting cannot be approved."""


class CannotBlockUser(ModerationError):
    """Moderators cannot block themselves or an administrator."""


class AlreadyBlocked(ModerationError):
    """The person is blocked already."""


class NotBlocked(ModerationError):
    """The person is not blocked, so there is nothing to undo."""


class ReportAlreadyResolved(ModerationError):
    """Another moderator handled this report already."""


class CannotReportYourself(ModerationError):
    """People report others, not their own posting, profile or message."""


class AlreadyReported(ModerationError):
    """The same person already has an open report about the same thing."""
