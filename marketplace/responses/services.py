"""Responses and conversations: who may respond, talk, accept, decline and finish.

A ``Response`` is one person reacting to one posting (for a vacancy: an "aanmelding");
its ``Message``s are the conversation between that person and the posting's side: the
author, or for an organisation's posting every staff member of that organisation.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from marketplace import events
from marketplace.accounts.blocks import blocked_pair
from marketplace.accounts.delegations import DelegatedActionKind, Scope, record_action
from marketplace.accounts.memberships import Membership
from marketplace.accounts.models import User
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.notifications.services import notify, page_path, rewrite
from marketplace.permissions import acting_for, manages, told_about
from marketplace.postings.models import Posting, PostingKind, PostingStatus
from marketplace.responses.errors import (
    AlreadyCompleted,
    AlreadyResponded,
    ConversationClosed,
    NotAllowed,
    NotAvailable,
    OrganisationNotApproved,
    OwnPosting,
    PostingNoLongerOpen,
    PostingNotOpen,
    ResponseNotAccepted,
    ResponseNotPending,
    UserBlocked,
)
from marketplace.responses.models import Message, Response, ResponseStatus
from marketplace.timestamps import utcnow

CLOSED_CONVERSATION = (ResponseStatus.DECLINED, ResponseStatus.WITHDRAWN)

# Messages sent within this time of the last e-mail about a conversation, while the other
# side has not read them yet, join that e-mail instead of sending one each.
MESSAGE_BURST = timedelta(minutes=30)


@dataclass(frozen=True)
class ContactCard:
    """What one side may see of the other once the help is agreed."""

    name: str
    email: str
    phone: str | None
    organisation: str | None = None


@dataclass(frozen=True)
class ConversationView:
    """Everything the conversation page shows, decided here so the template only displays."""

    response: Response
    posting: Posting
    messages: Sequence[Message]
    viewer_is_responder: bool
    other_name: str
    can_accept: bool
    can_decline: bool
    can_complete: bool
    can_write: bool
    awaiting_decision: bool
    contact: ContactCard | None  # None until the response is accepted, and after a block
    blocked: bool  # a block between the two: the conversation stays closed
    other_user_id: int | None  # the person the viewer could block; None once erased


@dataclass(frozen=True)
class InboxEntry:
    response: Response
    other_name: str
    unread: int
    viewer_is_responder: bool


def conversation_path(response: Response) -> str:
    return page_path("responses.conversation", response_id=response.id)


def notify_in_conversation(
    session: Session,
    recipient: User,
    kind: NotificationKind,
    about_id: int,
    response: Response,
    **context: Any,
) -> Notification:
    """Tell ``recipient`` about something in ``response``'s conversation (``about_id``: the
    row it is about, which keys the notification): it names the posting and links to the
    conversation."""
    return notify(
        session,
        recipient,
        kind,
        f"{kind.value}:{about_id}",
        link_path=conversation_path(response),
        posting_title=response.posting.title,
        **context,
    )


def notify_about_response(
    session: Session, recipient: User, kind: NotificationKind, response: Response, **context: Any
) -> Notification:
    """Tell ``recipient`` what happened to ``response`` itself (a new one, accepted, declined,
    withdrawn); the mail says whether the posting is a vacancy."""
    return notify_in_conversation(
        session,
        recipient,
        kind,
        response.id,
        response,
        is_vacancy=response.posting.kind == PostingKind.VACANCY,
        **context,
    )


def is_participant(session: Session, user: User, response: Response) -> bool:
    return user.id == response.responder_id or manages(
        session, user, response.posting, Scope.RESPOND
    )


def is_blocked_conversation(session: Session, response: Response, viewer: User) -> bool:
    """Whether a block (``accounts.blocks``) stands between the helper and the posting's
    side: its author, or the staff member looking. Then nobody writes, accepts or thanks."""
    posting_side = {response.posting.author_id, viewer.id} - {response.responder_id}
    return any(blocked_pair(session, response.responder_id, user_id) for user_id in posting_side)


def get_conversation(session: Session, user: User, response_id: int) -> Response | None:
    """The response when ``user`` takes part in its conversation; None for everyone else."""
    response = session.get(Response, response_id)
    if response is None or not is_participant(session, user, response):
        return None
    return response


def _existing_response(session: Session, posting: Posting, user: User) -> Response | None:
    return session.scalar(
        select(Response).where(Response.posting_id == posting.id, Response.responder_id == user.id)
    )


def check_can_respond(session: Session, posting: Posting, user: User) -> None:
    """Raise the reason ``user`` may not respond to ``posting``, if there is one.

    Raises UserBlocked, PostingNotOpen (not published, or hidden), OwnPosting,
    AlreadyResponded (carrying the earlier response), NotAvailable (one of the two blocked
    the other; said in the words of a closed posting).
    """
    if user.is_blocked:
        raise UserBlocked()
    if posting.status != PostingStatus.PUBLISHED or posting.is_hidden:
        raise PostingNotOpen()
    if manages(session, user, posting):
        raise OwnPosting()
    existing = _existing_response(session, posting, user)
    if existing is not None:
        raise AlreadyResponded(existing)
    if blocked_pair(session, user.id, posting.author_id):
        raise NotAvailable()


def respond_to_posting(session: Session, posting: Posting, user: User, message: str) -> Response:
    """``user`` reacts to ``posting``; the posting's author is told.

    Raises what ``check_can_respond`` raises. When the same person submits twice at the same
    moment (a double click), the database's unique constraint stops the second one: the
    failed insert is undone (a savepoint) and AlreadyResponded raised, as for a later
    second try.
    """
    check_can_respond(session, posting, user)
    try:
        # A savepoint: the failed insert is undone without touching the caller's transaction.
        with session.begin_nested():
            response = Response(posting=posting, responder=user, message=message)
            session.add(response)
            session.flush()  # the id is needed for the notification's key and link
    except IntegrityError:
        existing = _existing_response(session, posting, user)
        if existing is None:  # pragma: no cover - the constraint named something else
            raise
        raise AlreadyResponded(existing) from None
    notify_about_response(
        session,
        told_about(posting),
        NotificationKind.NEW_RESPONSE,
        response,
        responder_name=user.display_name,
        message=message,
    )
    events.response_created.send(response, session=session)
    return response


def other_side(response: Response, user: User) -> User:
    return told_about(response.posting) if user.id == response.responder_id else response.responder


def send_message(session: Session, sender: User, response: Response, body: str) -> Message:
    """Add a message to the conversation and tell the other side.

    Raises NotAllowed (sender takes no part), UserBlocked, ConversationClosed (declined,
    withdrawn, or a block between the two), OrganisationNotApproved (staff of an
    organisation not approved).
    """
    if not is_participant(session, sender, response):
        raise NotAllowed()
    if sender.is_blocked:
        raise UserBlocked()
    if (
        response.status in CLOSED_CONVERSATION
        or other_side(response, sender).is_erased
        or is_blocked_conversation(session, response, sender)
    ):
        raise ConversationClosed()
    if sender.id != response.responder_id:
        _check_organisation_may_mail(response)
    message = Message(response=response, sender=sender, body=body)
    session.add(message)
    session.flush()  # the id is needed for the notification's key
    if (consent := acting_for(session, sender, response.posting, Scope.RESPOND)) is not None:
        record_action(session, consent, DelegatedActionKind.ANSWERED, response_id=response.id)
    recipient = other_side(response, sender)
    if _join_recent_notification(session, sender, recipient, response):
        return message
    notify_in_conversation(
        session,
        recipient,
        NotificationKind.NEW_MESSAGE,
        message.id,
        response,
        sender_name=sender.display_name,
        body=body,
    )
    return message


def _check_organisation_may_mail(response: Response) -> None:
    """The posting side of an organisation's posting mails nobody until the organisation
    is approved. Raises OrganisationNotApproved."""
    organisation = response.posting.organisation
    if organisation is not None and not organisation.is_approved:
        raise OrganisationNotApproved()


def _join_recent_notification(
    session: Session, sender: User, recipient: User, response: Response
) -> bool:
    """A burst of messages is one e-mail: when ``recipient`` was told about this
    conversation less than MESSAGE_BURST ago and has not read the messages since, that
    notification now says "new messages" (with how many) instead of a new one being made.
    The messages themselves are all in the conversation. True when it was joined."""
    unread = session.scalar(
        select(func.count())
        .select_from(Message)
        .where(Message.response_id == response.id)
        .where(Message.sender_id == sender.id)
        .where(Message.read_at.is_(None))
    )
    if not unread or unread < 2:
        return False
    recent = session.scalar(
        select(Notification)
        .where(Notification.recipient_id == recipient.id)
        .where(Notification.kind == NotificationKind.NEW_MESSAGE)
        .where(Notification.link_path == conversation_path(response))
        .where(Notification.created_at >= utcnow() - MESSAGE_BURST)
        .order_by(Notification.created_at.desc(), Notification.id.desc())
        .limit(1)
    )
    if recent is None or recent.read_at is not None:
        return False
    rewrite(
        session,
        recent,
        "new_messages",
        posting_title=response.posting.title,
        sender_name=sender.display_name,
        count=unread,
    )
    return True


def _require_manager(
    session: Session, actor: User, response: Response, scope: Scope = Scope.RESPOND
) -> None:
    if not manages(session, actor, response.posting, scope):
        raise NotAllowed()
    _check_organisation_may_mail(response)  # accepting, declining and completing mail


def accept_response(session: Session, actor: User, response: Response) -> Response:
    """The posting's side says yes. A request becomes ``matched``; an offer or vacancy stays
    published, because more than one person can use an offer or be placed.

    Raises NotAllowed (not the posting's side), ResponseNotPending, PostingNoLongerOpen (the
    posting is not published any more, e.g. a request that already has its helper),
    ConversationClosed (a block between the two).
    """
    _require_manager(session, actor, response, Scope.ACCEPT)
    if response.status != ResponseStatus.PENDING:
        raise ResponseNotPending()
    posting = response.posting
    if posting.status != PostingStatus.PUBLISHED or posting.is_hidden:
        raise PostingNoLongerOpen()
    if is_blocked_conversation(session, response, actor):
        raise ConversationClosed()
    now = utcnow()
    response.status = ResponseStatus.ACCEPTED
    response.decided_at = now
    if posting.kind == PostingKind.REQUEST:
        # Other pending responses stay pending: the author can still decline them.
        posting.status = PostingStatus.MATCHED
        posting.matched_at = now
    session.flush()
    if (consent := acting_for(session, actor, posting, Scope.ACCEPT)) is not None:
        record_action(
            session,
            consent,
            DelegatedActionKind.ACCEPTED,
            posting_id=posting.id,
            response_id=response.id,
        )
    events.response_accepted.send(response, session=session)
    notify_about_response(
        session,
        response.responder,
        NotificationKind.RESPONSE_ACCEPTED,
        response,
        author_name=_posting_side_name(posting),
    )
    return response


def decline_response(session: Session, actor: User, response: Response) -> Response:
    """The posting's side says no, thank you. Raises NotAllowed, ResponseNotPending."""
    _require_manager(session, actor, response)
    if response.status != ResponseStatus.PENDING:
        raise ResponseNotPending()
    response.status = ResponseStatus.DECLINED
    response.decided_at = utcnow()
    session.flush()
    notify_about_response(session, response.responder, NotificationKind.RESPONSE_DECLINED, response)
    return response


def complete_response(session: Session, actor: User, response: Response) -> Response:
    """Either side marks agreed help as done; a request is then closed.

    Raises NotAllowed (takes no part), ResponseNotAccepted, AlreadyCompleted.
    """
    if not is_participant(session, actor, response):
        raise NotAllowed()
    if response.status != ResponseStatus.ACCEPTED:
        raise ResponseNotAccepted()
    if response.completed_at is not None:
        raise AlreadyCompleted()
    now = utcnow()
    response.completed_at = now
    posting = response.posting
    if posting.kind == PostingKind.REQUEST and posting.status == PostingStatus.MATCHED:
        posting.status = PostingStatus.CLOSED
        posting.closed_at = now
    session.flush()
    return response


def _posting_side_name(posting: Posting) -> str:
    if posting.organisation:
        return posting.organisation.name
    if posting.for_person is not None:  # a carer's request: her name and the wijk, no more
        return _(
            "%(carer)s, voor iemand in %(wijk)s",
            carer=posting.author.display_name,
            wijk=posting.neighbourhood,
        )
    return posting.author.display_name


def _contact_card(person: User, organisation_name: str | None = None) -> ContactCard:
    return ContactCard(
        name=person.display_name,
        email=person.email,
        phone=person.profile.phone if person.profile else None,
        organisation=organisation_name,
    )


def mark_conversation_read(session: Session, viewer: User, response: Response) -> int:
    """Mark the other side's unread messages as read; returns how many."""
    now = utcnow()
    count = 0
    viewer_is_responder = viewer.id == response.responder_id
    for message in response.messages:
        from_other_side = (message.sender_id == response.responder_id) != viewer_is_responder
        if from_other_side and message.read_at is None:
            message.read_at = now
            count += 1
    session.flush()
    return count


def open_conversation(session: Session, viewer: User, response: Response) -> ConversationView:
    """What ``viewer`` sees of the conversation; marks the other side's messages read.

    The caller checks access first (``get_conversation``).
    """
    mark_conversation_read(session, viewer, response)
    posting = response.posting
    viewer_is_responder = viewer.id == response.responder_id
    is_manager = not viewer_is_responder
    pending = response.status == ResponseStatus.PENDING
    accepted = response.status == ResponseStatus.ACCEPTED
    other = response.posting.author if viewer_is_responder else response.responder
    blocked = is_blocked_conversation(session, response, viewer)
    contact = None
    # An erased account has no contact details left; after a block they are not shown.
    if accepted and not other.is_erased and not blocked:
        contact = (
            _contact_card(
                posting.author, posting.organisation.name if posting.organisation else None
            )
            if viewer_is_responder
            else _contact_card(response.responder)
        )
    return ConversationView(
        response=response,
        posting=posting,
        messages=response.messages,
        viewer_is_responder=viewer_is_responder,
        other_name=(
            _posting_side_name(posting) if viewer_is_responder else response.responder.display_name
        ),
        can_accept=(
            is_manager
            and pending
            and manages(session, viewer, posting, Scope.ACCEPT)
            and posting.status == PostingStatus.PUBLISHED
            and not posting.is_hidden
            and not blocked
        ),
        can_decline=is_manager and pending,
        can_complete=accepted and response.completed_at is None,
        can_write=(
            response.status not in CLOSED_CONVERSATION and not other.is_erased and not blocked
        ),
        awaiting_decision=pending,
        contact=contact,
        blocked=blocked,
        other_user_id=None if other.is_erased else other.id,
    )


def inbox_query(user: User) -> Select[Response]:
    """The conversations ``user`` takes part in, the most recent activity first."""
    organisation_ids = select(Membership.organisation_id).where(Membership.user_id == user.id)
    last_message_at = (
        select(func.max(Message.created_at))
        .where(Message.response_id == Response.id)
        .correlate(Response)
        .scalar_subquery()
    )
    return (
        select(Response)
        .join(Response.posting)
        .where(
            or_(
                Response.responder_id == user.id,
                Posting.author_id == user.id,
                Posting.for_person_id == user.id,
                Posting.organisation_id.in_(organisation_ids),
            )
        )
        .order_by(func.coalesce(last_message_at, Response.created_at).desc(), Response.id.desc())
        .options(
            selectinload(Response.posting).selectinload(Posting.author).selectinload(User.profile),
            selectinload(Response.posting).selectinload(Posting.organisation),
            selectinload(Response.responder).selectinload(User.profile),
        )
    )


def inbox_entries(session: Session, user: User, responses: Sequence[Response]) -> list[InboxEntry]:
    """One line per conversation, with the number of messages ``user`` has not read yet."""
    ids = [response.id for response in responses]
    unread_rows = session.execute(
        select(Message.response_id, func.count(Message.id))
        .join(Response, Response.id == Message.response_id)
        .where(
            Message.response_id.in_(ids),
            Message.read_at.is_(None),
            or_(
                and_(Response.responder_id == user.id, Message.sender_id != user.id),
                and_(
                    Response.responder_id != user.id,
                    Message.sender_id == Response.responder_id,
                ),
            ),
        )
        .group_by(Message.response_id)
    ).all()
    unread = {response_id: count for response_id, count in unread_rows}
    entries = []
    for response in responses:
        viewer_is_responder = response.responder_id == user.id
        entries.append(
            InboxEntry(
                response=response,
                other_name=(
                    _posting_side_name(response.posting)
                    if viewer_is_responder
                    else response.responder.display_name
                ),
                unread=unread.get(response.id, 0),
                viewer_is_responder=viewer_is_responder,
            )
        )
    return entries
