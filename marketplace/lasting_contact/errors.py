"""What the rules of a lasting contact can say no to."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.domain_errors import DomainError, FieldError


class LastingContactError(DomainError):
    pass


class ContactNotFound(LastingContactError):
    message = _l("Dit vaste contact bestaat niet (meer).")
    status = 404


class ContactEnded(LastingContactError, message=_l("Dit vaste contact is al gestopt.")): ...


class CannotReopen(LastingContactError):
    message = _l("Deze oproep kan niet opnieuw open. Misschien staat hij al open.")


class InvalidRhythm(FieldError, LastingContactError):
    """A rhythm or an answer about the contact is not one we know."""
