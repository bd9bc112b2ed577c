"""Demo concern signals: Stichting Buurtkracht Noord handles signals for Oude Noorden, with
one member of staff in the "signalen" role (demo log-in ``signalen``), and signals in every
state: new (one overdue), in progress with a note and a planned visit, visited, closed with
each outcome, and a likely duplicate."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts import two_factor
from marketplace.accounts.memberships import Membership, MembershipRole, Organisation
from marketplace.accounts.models import User
from marketplace.geo import lookup_postcode
from marketplace.profiles.models import Profile
from marketplace.signals.handling import add_note, change_status, close_signal
from marketplace.signals.models import SignalArea, SignalHandler, SignalStatus
from marketplace.signals.submitting import SignalData, submit_signal
from marketplace.signals.visits import plan_visit
from marketplace.timestamps import local_today

ORGANISATION_SLUG = "buurtkracht-noord"
WIJK = "Oude Noorden"
HANDLER = ("signalen", "Sevda Signalen")

# (street, number, postcode, noticed, hours ago, what happens next)
SIGNALS = [
    ("Zwaanshals", "112", "3035 KS", ["curtains", "post"], 3, None),
    ("Bergweg", "40", "3035 BC", ["not_seen"], 60, None),  # overdue
    ("Zaagmolenkade", "9", "3035 KA", ["confused"], 30, "in_progress"),
    ("Jacob Catsstraat", "21", "3035 AS", ["neglected", "post"], 80, "visited"),
    ("Vijverhofstraat", "55", "3035 RA", ["curtains"], 200, "no_concern"),
    ("Schoterbosstraat", "7", "3035 EH", ["not_seen", "post"], 300, "help_arranged"),
    ("Noordplein", "3", "3035 EA", ["confused"], 400, "professional_care"),
    ("Bergweg", "112", "3035 BD", ["not_seen"], 500, "help_declined"),
    ("Zwaanshals", "230", "3035 KT", ["curtains"], 600, "not_found"),
    ("Zwaanshals", "112", "3035 KS", ["post"], 2, None),  # the same address again
]


def load_signal_demo(
    session: Session, now: datetime, password_hash: str, totp_secret: str
) -> list[User]:
    """Add the demo signals; returns the people it added (the handler). Flushes."""
    organisation = session.scalar(
        select(Organisation).where(Organisation.slug == ORGANISATION_SLUG)
    )
    if organisation is None:
        return []
    handler = _handler(session, organisation, now, password_hash, totp_secret)
    coordinator = session.scalar(
        select(User)
        .join(Membership)
        .where(
            Membership.organisation_id == organisation.id,
            Membership.role == MembershipRole.COORDINATOR,
        )
    )
    session.add(SignalArea(organisation_id=organisation.id, wijk=WIJK))
    session.add(
        SignalHandler(
            organisation_id=organisation.id,
            user_id=handler.id,
            granted_by_id=coordinator.id if coordinator else None,
        )
    )
    session.flush()
    for street, number, postcode, noticed, hours_ago, then in SIGNALS:
        made = now - timedelta(hours=hours_ago)
        signal = submit_signal(
            session,
            SignalData(
                street=street,
                house_number=number,
                postcode=postcode,
                noticed=noticed,
                noticed_text="Ik zie mijn buurvrouw al een tijd niet meer op straat.",
                since="weeks",
                reporter_did=["rang_bell"],
            ),
            reporter=None,
            now=made,
        )
        if then is None:
            continue
        step = made + timedelta(hours=20)
        change_status(session, handler, signal, SignalStatus.IN_PROGRESS, now=step)
        add_note(session, handler, signal, "Gebeld met de buren; morgen ga ik langs.", now=step)
        if then == "in_progress":
            day = local_today(now) + timedelta(days=2)
            plan_visit(session, handler, signal, handler.id, day, "morning", now=step)
            continue
        change_status(session, handler, signal, SignalStatus.VISITED, now=step + timedelta(hours=4))
        if then != "visited":
            close_signal(session, handler, signal, then, now=step + timedelta(hours=6))
    return [handler]


def _handler(
    session: Session, organisation: Organisation, now: datetime, password_hash: str, secret: str
) -> User:
    local_part, name = HANDLER
    place = lookup_postcode("3035")
    user = User(
        email=f"{local_part}@demo.buurthulp.nl",
        password_hash=password_hash,
        email_confirmed_at=now - timedelta(days=90),
        created_at=now - timedelta(days=90),
        locale="nl",
    )
    user.profile = Profile(
        display_name=name,
        **place.columns(),
    )
    session.add(user)
    session.add(Membership(organisation=organisation, user=user, role=MembershipRole.STAFF))
    session.flush()
    two_factor.enable_with_secret(session, user, secret)
    return user
