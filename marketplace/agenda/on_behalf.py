"""Welfare staff act for a client of their organisation (intake's clients: someone met at a
concern signal or a home visit, often without an account): sign the client up for a date,
or ask "Ga je mee?" for them.

The request goes through the core's ``create_posting`` as the organisation's, on behalf of
the client (as intake's on-behalf requests do), and is linked to the client; the staff
member who signed the client up gets the reminder the day before. Another organisation's
staff, or a client of another organisation: ``ClientNotFound`` (404).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.memberships import Organisation
from marketplace.accounts.models import User
from marketplace.agenda.companions import check_not_asked_yet, company_request
from marketplace.agenda.errors import ClientNotFound
from marketplace.agenda.models import Activity, ActivitySignup, CompanionLink
from marketplace.agenda.services import check_room, check_signups_open, remove_signup
from marketplace.intake.models import Client
from marketplace.permissions import staff_of
from marketplace.postings.models import Posting
from marketplace.postings.services import create_posting
from marketplace.security_log import log_security_event


def client_for(
    session: Session, staff: User, organisation_id: int, client_id: int
) -> tuple[Organisation, Client]:
    """The organisation and its client, for its staff. Logs the read (ids only). Raises
    ClientNotFound."""
    organisation = session.get(Organisation, organisation_id)
    if organisation is None or not staff_of(session, staff, organisation_id):
        raise ClientNotFound
    client = session.scalar(
        select(Client).where(Client.id == client_id, Client.organisation_id == organisation_id)
    )
    if client is None:
        raise ClientNotFound
    log_security_event(
        "client.read", user_id=staff.id, client_id=client.id, organisation_id=organisation_id
    )
    return organisation, client


def client_signup(
    session: Session, client: Client, activity: Activity, day: date
) -> ActivitySignup | None:
    return session.scalar(
        select(ActivitySignup).where(
            ActivitySignup.activity_id == activity.id,
            ActivitySignup.client_id == client.id,
            ActivitySignup.occurs_on == day,
        )
    )


def sign_up_client(
    session: Session, staff: User, client: Client, activity: Activity, day: date
) -> ActivitySignup:
    """Sign ``client`` up for ``day`` (again: the sign-up they have). ``staff`` is checked
    by ``client_for``. Raises ActivityNotFound, NoSuchDate, DateInPast, SignupNotNeeded,
    ActivityFull."""
    check_signups_open(activity, day)
    existing = client_signup(session, client, activity, day)
    if existing is not None:
        return existing
    check_room(session, activity, day)
    signup = ActivitySignup(
        activity_id=activity.id, client_id=client.id, signed_up_by_id=staff.id, occurs_on=day
    )
    session.add(signup)
    session.flush()
    return signup


def cancel_client_signup(session: Session, client: Client, activity: Activity, day: date) -> bool:
    return remove_signup(session, client_signup(session, client, activity, day))


def ask_company_for_client(
    session: Session,
    staff: User,
    organisation: Organisation,
    client: Client,
    activity: Activity,
    day: date,
    note: str = "",
) -> Posting:
    """ "Ga je mee?" for ``client``: the organisation's request on the client's behalf,
    moderated and matched like any. Raises ActivityNotFound, NoSuchDate, DateInPast,
    AlreadyAsked, and what ``create_posting`` raises (PermissionDenied when the
    organisation is not approved, ...)."""
    check_not_asked_yet(session, activity, day, Posting.client_id == client.id)
    data = company_request(session, activity, day, note)
    posting = create_posting(
        session, staff, data, organisation=organisation, on_behalf_of=client.name
    )
    posting.client_id = client.id
    session.add(CompanionLink(activity_id=activity.id, posting_id=posting.id, occurs_on=day))
    session.flush()
    return posting


def client_plans(
    session: Session, client: Client, first: date
) -> tuple[list[ActivitySignup], list[CompanionLink]]:
    """The client's sign-ups from ``first`` on, and the "Ga je mee?" requests made for them."""
    signups = list(
        session.scalars(
            select(ActivitySignup)
            .where(ActivitySignup.client_id == client.id, ActivitySignup.occurs_on >= first)
            .order_by(ActivitySignup.occurs_on, ActivitySignup.id)
        )
    )
    links = list(
        session.scalars(
            select(CompanionLink)
            .join(Posting, Posting.id == CompanionLink.posting_id)
            .where(Posting.client_id == client.id, CompanionLink.occurs_on >= first)
            .order_by(CompanionLink.occurs_on, CompanionLink.id)
        )
    )
    return signups, links
