"""Rules of a lasting contact: starting it when a volunteer is accepted, the shared weekly
rhythm, ending it, the check-ins and telling the welfare organisation, and reopening the
request. The beat task's work (reminders, asking check-ins) is in ``reminders.py``.

Services flush; views and the task commit.
"""

from __future__ import annotations

from datetime import time
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.delegations import Scope
from marketplace.accounts.memberships import Organisation, OrganisationStatus
from marketplace.accounts.models import User
from marketplace.lasting_contact.errors import (
    CannotReopen,
    ContactEnded,
    ContactNotFound,
    InvalidRhythm,
)
from marketplace.lasting_contact.models import (
    CheckIn,
    CheckInAnswer,
    EndReason,
    LastingContact,
)
from marketplace.notifications.models import NotificationKind
from marketplace.notifications.services import notify, page_path
from marketplace.permissions import manages, staff_of, told_about
from marketplace.postings.models import Posting, PostingKind
from marketplace.postings.services import reopen_request
from marketplace.responses.models import Response, ResponseStatus
from marketplace.timestamps import utcnow


def contact_path(contact: LastingContact) -> str:
    return page_path("lasting_contact.detail", contact_id=contact.id)


def start_contact(session: Session, response: Response) -> LastingContact | None:
    """When a response to a request for a lasting contact is accepted (the
    ``response_accepted`` event): the pair's contact starts. Idempotent per response."""
    posting = response.posting
    if posting.kind != PostingKind.REQUEST or posting.lasting is None:
        return None
    existing = session.scalar(
        select(LastingContact).where(LastingContact.response_id == response.id)
    )
    if existing is not None:
        return existing
    contact = LastingContact(
        posting=posting,
        response=response,
        volunteer_id=response.responder_id,
        neighbourhood=posting.neighbourhood,
        started_at=utcnow(),
    )
    session.add(contact)
    session.flush()
    return contact


def posting_side(posting: Posting) -> list[User]:
    """Who is told on the posting's side: the person it is for, and a carer who posted it
    while her consent runs (``permissions.told_about``)."""
    people = [posting.for_person] if posting.for_person is not None else []
    told = told_about(posting)
    return people if told in people else [*people, told]


def is_participant(session: Session, user: Any, contact: LastingContact) -> bool:
    return user.id == contact.volunteer_id or manages(session, user, contact.posting)


def organisations_told(session: Session, contact: LastingContact) -> list[Organisation]:
    """The welfare organisation that posted the request, or else those serving its wijk."""
    posting = contact.posting
    if posting.organisation is not None:
        return [posting.organisation]
    wanted = contact.neighbourhood.strip().casefold()
    return [
        organisation
        for organisation in session.scalars(
            select(Organisation)
            .where(
                Organisation.status == OrganisationStatus.APPROVED,
                Organisation.neighbourhoods.is_not(None),
            )
            .order_by(Organisation.name)
        )
        if wanted and wanted in {name.casefold() for name in organisation.neighbourhood_list}
    ]


def may_see(session: Session, user: Any, contact: LastingContact) -> bool:
    """The two, and the staff of the organisations that are told when it ends."""
    if not getattr(user, "is_authenticated", False):
        return False
    return is_participant(session, user, contact) or any(
        staff_of(session, user, organisation.id)
        for organisation in organisations_told(session, contact)
    )


def get_contact(session: Session, contact_id: int, viewer: Any) -> LastingContact:
    """Raises ContactNotFound (none, or the viewer may not see it)."""
    contact = session.get(LastingContact, contact_id)
    if contact is None or not may_see(session, viewer, contact):
        raise ContactNotFound()
    return contact


def contact_for_response(session: Session, response_id: int) -> LastingContact | None:
    return session.scalar(select(LastingContact).where(LastingContact.response_id == response_id))


def _other_side(contact: LastingContact, actor: User) -> list[User]:
    if actor.id == contact.volunteer_id:
        return posting_side(contact.posting)
    return [contact.volunteer]


def set_rhythm(
    session: Session, actor: User, contact_id: int, weekday: int | None, at_time: time | None
) -> LastingContact:
    """Either of the two sets or changes the day and time; the other is told.

    Raises ContactNotFound, ContactEnded, InvalidRhythm."""
    contact = session.get(LastingContact, contact_id)
    if contact is None or not is_participant(session, actor, contact):
        raise ContactNotFound()
    if not contact.is_running:
        raise ContactEnded()
    if weekday is None or not 0 <= weekday <= 6:
        raise InvalidRhythm("weekday", _l("Kies de dag van de week."))
    if at_time is None:
        raise InvalidRhythm("at_time", _l("Vul een tijd in, bijvoorbeeld 10:00."))
    contact.weekday, contact.at_time = weekday, at_time
    contact.reminded_for = None
    session.flush()
    stamp = utcnow().isoformat()
    for person in _other_side(contact, actor):
        notify(
            session,
            person,
            NotificationKind.LASTING_CONTACT,
            f"lasting-rhythm:{contact.id}:{person.id}:{stamp}",
            link_path=contact_path(contact),
            what="rhythm",
            other_name=actor.display_name,
            posting_title=contact.posting.title,
        )
    return contact


def _tell_ended(session: Session, contact: LastingContact, actor: User | None, what: str) -> None:
    """The two (except who ended it) and the welfare organisation's staff are told."""
    told: list[User] = [
        person
        for person in [*posting_side(contact.posting), contact.volunteer]
        if actor is None or person.id != actor.id
    ]
    for organisation in organisations_told(session, contact):
        told += [m.user for m in organisation.memberships]
    seen: set[int] = set()
    for person in told:
        if person.id in seen or person.is_erased:
            continue
        seen.add(person.id)
        notify(
            session,
            person,
            NotificationKind.LASTING_CONTACT,
            f"lasting-{what}:{contact.id}:{person.id}",
            link_path=contact_path(contact),
            what=what,
            other_name=actor.display_name if actor is not None else "",
            posting_title=contact.posting.title,
            neighbourhood=contact.neighbourhood,
        )


def end_contact(
    session: Session, actor: User, contact_id: int, reason: EndReason = EndReason.ENDED
) -> LastingContact:
    """Either of the two ends the contact in one click; the other and the welfare
    organisation are told, so the person is not left alone again.

    Raises ContactNotFound, ContactEnded."""
    contact = session.get(LastingContact, contact_id)
    if contact is None or not is_participant(session, actor, contact):
        raise ContactNotFound()
    if not contact.is_running:
        raise ContactEnded()
    contact.ended_at = utcnow()
    contact.ended_by_id = actor.id
    contact.end_reason = reason
    session.flush()
    _tell_ended(session, contact, actor, "ended")
    return contact


def answer_check_in(session: Session, user: User, check_in_id: int, answer: str) -> CheckIn:
    """ "Gaat het goed?": goed, het is gestopt (the contact ends), we willen hulp (the
    welfare organisation is told). Raises ContactNotFound, InvalidRhythm (no such answer)."""
    check_in = session.get(CheckIn, check_in_id)
    if check_in is None or check_in.user_id != user.id:
        raise ContactNotFound()
    if answer not in set(CheckInAnswer):
        raise InvalidRhythm("answer", _l("Kies een antwoord."))
    check_in.answer = answer
    check_in.answered_at = utcnow()
    session.flush()
    contact = check_in.contact
    if answer == CheckInAnswer.STOPPED and contact.is_running:
        end_contact(session, user, contact.id, EndReason.CHECK_IN)
    elif answer == CheckInAnswer.HELP:
        _tell_ended(session, contact, user, "help")
    return check_in


def may_reopen(session: Session, user: Any, contact: LastingContact) -> bool:
    return not contact.is_running and (
        manages(session, user, contact.posting, Scope.POST)  # reopening puts it up again
        or any(
            staff_of(session, user, organisation.id)
            for organisation in organisations_told(session, contact)
        )
    )


def reopen(session: Session, actor: User, contact_id: int) -> Posting:
    """After the contact ended: the request looks for someone new, in one click (the
    person's side, or the welfare organisation's staff). Raises ContactNotFound,
    CannotReopen."""
    contact = get_contact(session, contact_id, actor)
    if not may_reopen(session, actor, contact):
        raise CannotReopen()
    response = contact.response
    if response.status == ResponseStatus.ACCEPTED:
        response.status = ResponseStatus.WITHDRAWN  # the agreement ended; the contact says why
    if not reopen_request(session, contact.posting, utcnow()):
        raise CannotReopen()
    return contact.posting


def open_check_ins(session: Session, user: User, contact: LastingContact) -> list[CheckIn]:
    return [c for c in contact.check_ins if c.user_id == user.id and c.answer is None]
