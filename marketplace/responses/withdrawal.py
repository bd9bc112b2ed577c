"""A helper withdraws her "Ik help" (her response), before or after it was accepted.

Before acceptance the posting simply keeps looking. After acceptance of a request the
agreement ends and the request is published again, so matching looks for someone else
(``postings.services.reopen_request``). Either way the posting's side is told kindly, with
the short reason she may give, and ``events.response_withdrawn`` lets the features follow
(organisations: the application is withdrawn too). Help already marked done cannot be
withdrawn.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from marketplace import events
from marketplace.accounts.models import User
from marketplace.notifications.models import NotificationKind
from marketplace.permissions import told_about
from marketplace.postings.services import reopen_request
from marketplace.responses.errors import CannotWithdraw, NotYourResponse
from marketplace.responses.forms import MAX_REASON_LENGTH
from marketplace.responses.models import Response, ResponseStatus
from marketplace.responses.services import notify_about_response

WITHDRAWABLE = (ResponseStatus.PENDING, ResponseStatus.ACCEPTED)


def can_withdraw(user: User, response: Response) -> bool:
    """Whether ``user`` may withdraw ``response`` now (for the page's button)."""
    return (
        user.id == response.responder_id
        and response.status in WITHDRAWABLE
        and response.completed_at is None
    )


def check_can_withdraw(user: User, response: Response) -> None:
    """Raises NotYourResponse (someone else's response) or CannotWithdraw (declined,
    withdrawn already, or the help is done)."""
    if user.id != response.responder_id:
        raise NotYourResponse()
    if not can_withdraw(user, response):
        raise CannotWithdraw()


def withdraw_response(
    session: Session, user: User, response: Response, reason: str = ""
) -> Response:
    """``user`` withdraws her own response; the posting's author is told kindly.

    ``reason`` (optional, at most MAX_REASON_LENGTH characters) goes only into that
    notification. Raises what ``check_can_withdraw`` raises.
    """
    check_can_withdraw(user, response)
    was_accepted = response.status == ResponseStatus.ACCEPTED
    response.status = ResponseStatus.WITHDRAWN
    session.flush()
    posting = response.posting
    reopened = was_accepted and reopen_request(session, posting)
    events.response_withdrawn.send(response, session=session)
    notify_about_response(
        session,
        told_about(posting),
        NotificationKind.RESPONSE_WITHDRAWN,
        response,
        responder_name=user.display_name,
        reason=reason.strip()[:MAX_REASON_LENGTH],
        was_accepted=was_accepted,
        reopened=reopened,
    )
    return response
