"""Who may visit for an organisation: its staff, and volunteers it recorded a VOG and a
training for, while the training counts: here (``VisitorQualification``,
``training_expires_on``), or as matchmaking's credentials (a VOG and the training
huisbezoeken, both recorded by this organisation and both still valid)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from marketplace.accounts.memberships import Membership, Organisation
from marketplace.accounts.models import User
from marketplace.dayparts import DAYS, slot_bit
from marketplace.email_addresses import normalise_email
from marketplace.home_visits.errors import InvalidQualification
from marketplace.home_visits.models import VisitorQualification
from marketplace.matchmaking.models import Credential, CredentialKind
from marketplace.profiles.models import Profile

# Staff who never filled in when they can are planned on weekday mornings and afternoons:
# their working hours.
STAFF_HOURS = sum(slot_bit(day, part) for day in DAYS[:5] for part in ("morning", "afternoon"))


@dataclass(frozen=True)
class Visitor:
    user_id: int
    name: str
    lat: float
    lon: float
    radius_km: float
    availability_mask: int
    until: date | None = None  # the last day her training counts; staff: no end


def record_qualification(
    session: Session,
    actor: User,
    organisation: Organisation,
    *,
    email: str,
    vog_on: date,
    trained_on: date,
    training_expires_on: date,
) -> VisitorQualification:
    """Record (or update) a volunteer's VOG and training. Raises InvalidQualification."""
    user = session.scalar(select(User).where(User.email == normalise_email(email)))
    if user is None or user.is_erased:
        raise InvalidQualification(
            "email",
            _l(
                "Wij kennen geen account met dit e-mailadres. Vraag de vrijwilliger om zich "
                "eerst aan te melden."
            ),
        )
    if training_expires_on <= trained_on:
        raise InvalidQualification(
            "training_expires_on", _l("De training moet verlopen na de datum van de training.")
        )
    qualification = session.scalar(
        select(VisitorQualification).where(
            VisitorQualification.organisation_id == organisation.id,
            VisitorQualification.user_id == user.id,
        )
    )
    if qualification is None:
        qualification = VisitorQualification(organisation_id=organisation.id, user_id=user.id)
        session.add(qualification)
    qualification.vog_on = vog_on
    qualification.trained_on = trained_on
    qualification.training_expires_on = training_expires_on
    qualification.recorded_by_id = actor.id
    session.flush()
    return qualification


def qualifications_of(session: Session, organisation: Organisation) -> list[VisitorQualification]:
    return list(
        session.scalars(
            select(VisitorQualification)
            .where(VisitorQualification.organisation_id == organisation.id)
            .order_by(VisitorQualification.training_expires_on.desc(), VisitorQualification.id)
        )
    )


def available_visitors(session: Session, organisation_id: int, on: date) -> list[Visitor]:
    """Staff and volunteers whose training still counts on ``on``, who have a home postcode
    (to find addresses near them) and some daytime availability. Blocked and erased accounts
    are left out."""
    staff = select(Membership.user_id).where(Membership.organisation_id == organisation_id)
    trained: dict[int, date | None] = dict(
        session.execute(
            select(VisitorQualification.user_id, VisitorQualification.training_expires_on).where(
                VisitorQualification.organisation_id == organisation_id,
                VisitorQualification.training_expires_on >= on,
            )
        ).all()
    )
    for user_id, until in credentialed_visitors(session, organisation_id, on).items():
        trained[user_id] = _later(trained[user_id], until) if user_id in trained else until
    rows = session.execute(
        select(
            Profile.user_id,
            Profile.display_name,
            Profile.lat,
            Profile.lon,
            Profile.radius_km,
            Profile.availability_mask,
            Profile.user_id.in_(staff).label("is_staff"),
        )
        .join(User, User.id == Profile.user_id)
        .where(
            or_(Profile.user_id.in_(staff), Profile.user_id.in_(list(trained))),
            Profile.lat.is_not(None),
            Profile.lon.is_not(None),
            User.is_blocked.is_(False),
            User.erased_at.is_(None),
        )
        .order_by(Profile.user_id)
    )
    visitors = []
    for user_id, name, lat, lon, radius, mask, is_staff in rows:
        if not mask and is_staff:
            mask = STAFF_HOURS
        if mask & DAYTIME:
            until = None if is_staff else trained[user_id]
            visitors.append(
                Visitor(user_id, name, lat or 0.0, lon or 0.0, float(radius), mask & DAYTIME, until)
            )
    return visitors


VISITOR_CREDENTIALS = (CredentialKind.VOG, CredentialKind.HOME_VISITS)


def credentialed_visitors(
    session: Session, organisation_id: int, on: date
) -> dict[int, date | None]:
    """Volunteers for whom this organisation recorded a VOG and the training huisbezoeken
    (matchmaking's credentials), both valid on ``on``: {user id: the last day both still
    count (None: no end)}."""
    latest: dict[int, dict[str, date | None]] = {}
    for user_id, kind, expires_on in session.execute(
        select(Credential.user_id, Credential.kind, Credential.expires_on).where(
            Credential.organisation_id == organisation_id,
            Credential.kind.in_(VISITOR_CREDENTIALS),
            Credential.issued_on <= on,
            or_(Credential.expires_on.is_(None), Credential.expires_on >= on),
        )
    ):
        kinds = latest.setdefault(user_id, {})
        kinds[kind] = _later(kinds[kind], expires_on) if kind in kinds else expires_on
    visitors: dict[int, date | None] = {}
    for user_id, kinds in latest.items():
        if set(kinds) >= set(VISITOR_CREDENTIALS):
            ends = [end for end in kinds.values() if end is not None]
            visitors[user_id] = min(ends) if ends else None
    return visitors


def _later(one: date | None, other: date | None) -> date | None:
    """The later of two last days, where None (no end) is the latest."""
    if one is None or other is None:
        return None
    return max(one, other)


DAYTIME = sum(slot_bit(day, part) for day in DAYS for part in ("morning", "afternoon"))
