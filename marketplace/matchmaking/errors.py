"""What can go wrong for a matchmaker, a volunteer answering, or recording credentials."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.domain_errors import DomainError, FieldError


class MatchmakingError(DomainError, message=_l("Dat lukt nu niet.")): ...


class RequestNotFound(MatchmakingError):
    """Not a request the viewer's organisation may handle: we do not say it exists."""

    status = 404
    message = _l("Deze oproep bestaat niet, of u mag er niet bij.")


class InvitationNotFound(MatchmakingError):
    status = 404
    message = _l("Deze uitnodiging bestaat niet, of is niet voor u.")


class RequestNotOpen(MatchmakingError):
    message = _l("Deze oproep zoekt geen hulp meer. Misschien heeft iemand al gereageerd.")


class NotACandidate(MatchmakingError):
    """Blocked, paused, without a needed credential, or not a volunteer (any more)."""

    message = _l("Deze vrijwilliger kunt u niet vragen voor deze oproep.")


class AlreadyInvited(MatchmakingError):
    message = _l("U heeft deze vrijwilliger al gevraagd voor deze oproep.")


class AlreadyAnswered(MatchmakingError, message=_l("U heeft deze uitnodiging al beantwoord.")): ...


class InvalidInput(FieldError, MatchmakingError):
    """An answer is missing or wrong; ``field`` names the form field it belongs to."""

    status = 422


class CredentialNotFound(MatchmakingError):
    status = 404
    message = _l("Dit bewijs bestaat niet, of uw organisatie heeft het niet vastgelegd.")


class RuleNotFound(MatchmakingError):
    """Said on the page (not a 404): rules are no secret, and someone else may have just
    removed it."""

    message = _l("Deze regel bestaat niet (meer). Misschien heeft iemand anders hem al weggehaald.")
