"""Domain errors of responses and conversations.

Each carries a ``message`` the view can show as it is: what went wrong and what to do now.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l

if TYPE_CHECKING:
    from marketplace.responses.models import Response


class ResponseError(Exception):
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
    message = _l("Alleen wie de oproep plaatste kan dit doen.")


class ResponseNotPending(ResponseError):
    message = _l("Over deze reactie is al besloten. U ziet hieronder de huidige stand.")


class ResponseNotAccepted(ResponseError):
    message = _l("Dit kan pas als de hulp is afgesproken.")


class AlreadyCompleted(ResponseError):
    message = _l("Deze hulp staat al op klaar.")


class ConversationClosed(ResponseError):
    message = _l("Dit gesprek is gesloten. U kunt hier geen berichten meer sturen.")


class PostingNoLongerOpen(ResponseError):
    """Accepting needs a published posting; a request that is matched takes no second helper."""

    message = _l(
        "Deze oproep staat niet meer open, of er is al een helper gekozen. "
        "U kunt deze reactie wel afwijzen."
    )
