"""A short thank-you once the help is done: each side of a response may send one.

The helper's side (``from_responder``) and the posting's side (its author, or for an
organisation's posting any of its staff) each send at most one; the other side sees it on
the conversation page and gets a notification. The text is plain, at most
MAX_THANKS_LENGTH characters, and shown escaped like every message.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from marketplace.accounts.blocks import blocked_pair
from marketplace.accounts.models import User
from marketplace.notifications.models import NotificationKind
from marketplace.responses.errors import AlreadyThanked, NotAllowed, ThanksNotYet
from marketplace.responses.forms import MAX_THANKS_LENGTH
from marketplace.responses.models import Response, ResponseStatus, ThankYouNote
from marketplace.responses.services import is_participant, notify_in_conversation, other_side


@dataclass(frozen=True)
class Thanks:
    """What the conversation page shows of the thank-yous."""

    sent: ThankYouNote | None  # by the viewer's side
    received: ThankYouNote | None  # by the other side
    can_send: bool


def _note_of(response: Response, from_responder: bool) -> ThankYouNote | None:
    return next(
        (note for note in response.thank_you_notes if note.from_responder == from_responder),
        None,
    )


def is_done(response: Response) -> bool:
    return response.status == ResponseStatus.ACCEPTED and response.completed_at is not None


def thanks_for(session: Session, viewer: User, response: Response) -> Thanks:
    """The thank-yous of ``response`` as ``viewer`` (who takes part) sees them."""
    by_responder = viewer.id == response.responder_id
    sent = _note_of(response, by_responder)
    other = other_side(response, viewer)
    return Thanks(
        sent=sent,
        received=_note_of(response, not by_responder),
        can_send=(
            is_done(response)
            and sent is None
            and not other.is_erased
            and not blocked_pair(session, viewer.id, other.id)
        ),
    )


def send_thanks(session: Session, sender: User, response: Response, body: str) -> ThankYouNote:
    """``sender``'s side thanks the other side; they are told.

    Raises NotAllowed (takes no part, or a block between them), ThanksNotYet (the help is
    not marked done), AlreadyThanked (this side sent one before; also when two arrive at
    the same moment: the database's unique constraint stops the second).
    """
    if not is_participant(session, sender, response):
        raise NotAllowed()
    if not is_done(response):
        raise ThanksNotYet()
    recipient = other_side(response, sender)
    if blocked_pair(session, sender.id, recipient.id):
        raise NotAllowed()
    from_responder = sender.id == response.responder_id
    if _note_of(response, from_responder) is not None:
        raise AlreadyThanked()
    try:
        with session.begin_nested():
            note = ThankYouNote(
                response=response,
                sender=sender,
                from_responder=from_responder,
                body=body.strip()[:MAX_THANKS_LENGTH],
            )
            session.add(note)
            session.flush()
    except IntegrityError:
        raise AlreadyThanked() from None
    if not recipient.is_erased:
        notify_in_conversation(
            session,
            recipient,
            NotificationKind.THANK_YOU,
            note.id,
            response,
            sender_name=sender.display_name,
            body=note.body,
        )
    return note
