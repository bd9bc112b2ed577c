"""What can go wrong on the list of unanswered requests."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.domain_errors import DomainError


class EscalationError(DomainError, message=_l("Dat lukt nu niet.")): ...


class NotOnList(EscalationError):
    """The request is not on the viewer's list (any more): answered, closed, or elsewhere."""

    message = _l("Deze oproep staat niet meer op de lijst. Misschien heeft iemand al gereageerd.")


class AlreadyClaimed(EscalationError):
    """Someone else already phones around for this request."""

    message = _l("Iemand anders belt al rond voor deze oproep.")


class NotClaimedByYou(EscalationError):
    message = _l("U belt niet rond voor deze oproep, dus u kunt dat ook niet terugzetten.")
