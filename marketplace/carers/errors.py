"""What the rules about acting for someone can say no to."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from marketplace.domain_errors import DomainError


class CarersError(DomainError):
    pass


class DelegationNotFound(CarersError):
    message = _l("Deze toestemming bestaat niet (meer).")
    status = 404


class NotHelpdesk(CarersError):
    message = _l("Alleen de helpdesk kan toestemming op papier of per telefoon vastleggen.")
    status = 403


class InvalidConsent(CarersError):
    """A field of the consent is not right; ``field`` names it for the form."""

    def __init__(self, field: str, message: Any) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class AlreadyDecided(CarersError):
    message = _l("Over deze toestemming is al besloten.")
