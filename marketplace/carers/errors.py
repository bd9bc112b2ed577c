"""What the rules about acting for someone can say no to."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.domain_errors import DomainError, FieldError


class CarersError(DomainError):
    pass


class DelegationNotFound(CarersError):
    message = _l("Deze toestemming bestaat niet (meer).")
    status = 404


class NotHelpdesk(CarersError):
    message = _l("Alleen de helpdesk kan toestemming op papier of per telefoon vastleggen.")
    status = 403


class InvalidConsent(FieldError, CarersError):
    """A field of the consent is not right; ``field`` names it for the form."""


class AlreadyDecided(CarersError, message=_l("Over deze toestemming is al besloten.")): ...
