"""What the agenda's rules can say no to."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.domain_errors import DomainError


class AgendaError(DomainError):
    pass


class ActivityNotFound(AgendaError):
    message = _l("Deze activiteit bestaat niet (meer).")
    status = 404


class NotOrganiser(AgendaError):
    message = _l("U kunt deze activiteit niet wijzigen.")
    status = 403


class NotModerator(AgendaError):
    message = _l("Alleen moderatoren kunnen activiteiten goedkeuren.")
    status = 403


class ActivityNotPending(AgendaError, message=_l("Over deze activiteit is al besloten.")): ...


class NoSuchDate(AgendaError):
    message = _l("Op die dag is deze activiteit er niet. Kies een andere datum.")


class SignupNotNeeded(AgendaError):
    message = _l("Voor deze activiteit hoeft u zich niet aan te melden. U kunt gewoon komen.")


class ActivityFull(AgendaError, message=_l("Deze datum is vol. Kies een andere datum.")): ...


class DateInPast(AgendaError, message=_l("Deze datum is al voorbij.")): ...


class AlreadyAsked(AgendaError):
    message = _l("U vroeg al om gezelschap voor deze datum. Kijk bij ‘Mijn oproepen’.")


class InvalidPhoto(AgendaError):
    """The photo is not a PNG, JPEG or WebP picture, too big, or has too many pixels."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "type", "size" or "pixels"


class ClientNotFound(AgendaError):
    message = _l("Deze cliënt bestaat niet, of hoort niet bij uw organisatie.")
    status = 404
