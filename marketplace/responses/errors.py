"""Domain errors of responses and conversations.

Each carries a ``message`` the view can show as it is: what went wrong and what to do now.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l

from marketplace.domain_errors import DomainError

if TYPE_CHECKING:
    from marketplace.responses.models import Response


class ResponseError(DomainError):
    """Base class; ``message`` is plain Dutch for the person who caused it."""

    message = _l("Dat lukte niet. Probeer het opnieuw of bel ons.")


class PostingNotOpen(ResponseError):
    message = _l(
        "Op deze oproep kunt u niet meer reageren. Kijk bij de andere oproepen in uw buurt."
    )


class OwnPosting(ResponseError):
    message = _l("Dit is uw eigen oproep. U kunt hier zelf niet op reageren.")


class AlreadyResponded(ResponseError):
    """The person responded before; ``response`` is that earlier response."""

    message = _l("U heeft al gereageerd op deze oproep. Hier ziet u uw gesprek.")

    def __init__(self, response: Response) -> None:
        super().__init__(response.id)
        self.response = response


class UserBlocked(ResponseError):
    message = _l("Uw account is geblokkeerd. Bel ons als u denkt dat dit niet klopt.")


class NotAllowed(ResponseError):
    status = 403
    message = _l("Alleen wie de oproep plaatste kan dit doen.")


class ResponseNotPending(ResponseError):
    message = _l("Over deze reactie is al besloten. U ziet hieronder de huidige stand.")


class ResponseNotAccepted(ResponseError, message=_l("Dit kan pas als de hulp is afgesproken.")): ...


class AlreadyCompleted(ResponseError, message=_l("Deze hulp staat al op klaar.")): ...


class ConversationClosed(ResponseError):
    message = _l("Dit gesprek is gesloten. U kunt hier geen berichten meer sturen.")


class PostingNoLongerOpen(ResponseError):
    """Accepting needs a published posting; a request that is matched takes no second helper."""

    message = _l(
        "Deze oproep staat niet meer open, of er is al een helper gekozen. "
        "U kunt deze reactie wel afwijzen."
    )


class OrganisationNotApproved(ResponseError):
    """Staff of an organisation that is not (or no longer) approved write to nobody."""

    message = _l(
        "Uw organisatie is nog niet goedgekeurd. Tot dan kunt u niemand een e-mail of "
        "bericht sturen via Buurthulp. U krijgt bericht zodra een beheerder uw organisatie "
        "heeft goedgekeurd."
    )


class NotYourResponse(ResponseError):
    """Only the person who sent a response can withdraw it."""

    message = _l("Alleen wie reageerde kan de reactie intrekken.")
    status = 403


class CannotWithdraw(ResponseError):
    message = _l(
        "Deze reactie kunt u niet meer intrekken: zij is al afgewezen, ingetrokken of de "
        "hulp staat op klaar."
    )


class ThanksNotYet(ResponseError):
    message = _l("Een bedankje sturen kan zodra de hulp op klaar staat.")


class AlreadyThanked(ResponseError):
    message = _l("U heeft al een bedankje gestuurd. Het staat hieronder.")


class NotAvailable(ResponseError):
    """Said where a block stops someone: the same words anyone gets for a closed posting,
    so the blocked person is not hurt or told who blocked her."""

    message = _l("Op deze oproep kunt u niet reageren. Kijk bij de andere oproepen in uw buurt.")
