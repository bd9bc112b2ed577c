"""What can go wrong with an account: services raise these, views turn them into messages."""

from __future__ import annotations


class AccountError(Exception):
    """Base class for the account rules below."""


class InvalidEmail(AccountError):
    """The text is not an e-mail address we can send to."""


class WeakPassword(AccountError):
    """The password is too short or too long."""


class EmailAlreadyRegistered(AccountError):
    """Another account already uses this e-mail address."""


class InvalidCredentials(AccountError):
    """Unknown e-mail address or wrong password (on purpose we do not say which)."""


class AccountBlocked(AccountError):
    """A moderator blocked this account: it cannot log in or reset its password."""


class WrongPassword(AccountError):
    """The current password given to change it is not the current password."""


class InvalidToken(AccountError):
    """A link from an e-mail is damaged, was already used or belongs to an old address."""


class ExpiredToken(InvalidToken):
    """A link from an e-mail is older than it may be."""


class AlreadyConfirmed(AccountError):
    """The e-mail address was confirmed before; there is nothing to resend."""


class UnknownRole(AccountError):
    """The role is not one of moderator, admin, municipality."""


class CannotRevokeOwnAdmin(AccountError):
    """An admin may not take away their own admin role (someone must remain admin)."""
