"""What can go wrong with an account: services raise these, views turn them into messages."""

from __future__ import annotations

from marketplace.domain_errors import DomainError
from marketplace.email_addresses import InvalidEmail

__all__ = ["InvalidEmail"]  # checked in marketplace.email_addresses, for forms too


class AccountError(DomainError):
    """Base class for the account rules below."""


class WeakPassword(AccountError):
    """The password breaks a rule in ``passwords.password_problem`` (too short or long,
    common, the person's own address or name, or a row like "1234567890")."""

    def __init__(self, problem: str = "too_short") -> None:
        super().__init__(problem)
        self.problem = problem


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


class CannotBlock(AccountError):
    """Blocking someone needs a reason to see them (they met through a posting); for
    anyone else the page does not exist."""

    status = 404
