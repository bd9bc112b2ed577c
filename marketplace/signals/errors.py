"""What can go wrong with a signal."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.domain_errors import DomainError, FieldError


class SignalError(DomainError, message=_l("Dat lukt nu niet met deze melding.")): ...


class InvalidSignal(FieldError, SignalError):
    """An answer is missing or wrong; ``field`` names the form field it belongs to."""

    status = 422


class SignalNotFound(SignalError):
    """Not there, or not one the viewer's organisation handles: we do not say which."""

    status = 404
    message = _l("Deze melding bestaat niet, of u mag hem niet zien.")


class NotCoordinator(SignalError):
    status = 403
    message = _l("Alleen een coördinator van de organisatie kan dit instellen.")


class SignalClosed(SignalError):
    message = _l("Deze melding is al afgerond. U kunt er niets meer aan veranderen.")


class NotAHandler(SignalError):
    """The chosen colleague does not handle signals for this organisation."""

    message = _l("Kies iemand die meldingen behandelt voor uw organisatie.")


class NotADuplicate(SignalError):
    message = _l("Deze meldingen gaan niet over hetzelfde adres, of de andere is al afgerond.")


class OutcomeNeeded(SignalError, message=_l("Kies hoe het is afgelopen.")): ...


class CloseFirst(SignalError):
    message = _l("Rond de melding eerst af. Daarna kunt u de gegevens wissen.")
