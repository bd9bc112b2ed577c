"""A volunteer's own record: the work she was placed in, the hours the organisations wrote
down and the references they wrote, and a simple statement of it to print.

Everything here is read for one person, the one asking: the functions take the user, never
an id from the address, so nobody can ask for someone else's record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from marketplace.accounts.models import User
from marketplace.organisations.models import (
    Application,
    ApplicationStatus,
    Reference,
    VolunteerHours,
)
from marketplace.postings.models import Posting, PostingKind
from marketplace.responses.models import Response
from marketplace.timestamps import LOCAL_TIME


@dataclass(frozen=True)
class Placement:
    """One piece of volunteer work: where, what, when, and the hours written down."""

    organisation_name: str
    posting_title: str
    starts_on: date | None
    ends_on: date | None  # None: still going on
    hours: list[VolunteerHours]
    hours_total: Decimal
    reference: Reference | None


@dataclass(frozen=True)
class VolunteerRecord:
    placements: list[Placement]

    @property
    def hours_total(self) -> Decimal:
        return sum((placement.hours_total for placement in self.placements), Decimal(0))

    @property
    def first_day(self) -> date | None:
        days = [p.starts_on for p in self.placements if p.starts_on is not None]
        return min(days) if days else None

    @property
    def last_day(self) -> date | None:
        """The last day worked of work that ended; None when some work still goes on."""
        if any(p.ends_on is None for p in self.placements):
            return None
        return max(p.ends_on for p in self.placements if p.ends_on is not None)


def volunteer_record(session: Session, user: User) -> VolunteerRecord:
    """``user``'s placements (placed now or before), newest first, each with her hours and
    reference. Applications that never led to a placement and have no hours are left out:
    there is nothing to state about them."""
    applications = (
        session.scalars(
            select(Application)
            .join(Application.response)
            .join(Response.posting)
            .options(
                joinedload(Application.response)
                .joinedload(Response.posting)
                .joinedload(Posting.organisation)
            )
            .where(Response.responder_id == user.id, Posting.kind == PostingKind.VACANCY)
            .order_by(Application.created_at.desc(), Application.id.desc())
        )
        .unique()
        .all()
    )
    ids = [application.id for application in applications]
    hours: dict[int, list[VolunteerHours]] = {}
    references: dict[int, Reference] = {}
    if ids:
        for entry in session.scalars(
            select(VolunteerHours)
            .where(VolunteerHours.application_id.in_(ids))
            .order_by(VolunteerHours.worked_on, VolunteerHours.id)
        ):
            hours.setdefault(entry.application_id, []).append(entry)
        references = {
            reference.application_id: reference
            for reference in session.scalars(
                select(Reference).where(Reference.application_id.in_(ids))
            )
        }
    placements = [
        _placement(application, hours.get(application.id, []), references.get(application.id))
        for application in applications
        if application.placed_at is not None or application.id in hours
    ]
    return VolunteerRecord(placements=placements)


def _placement(
    application: Application, hours: list[VolunteerHours], reference: Reference | None
) -> Placement:
    posting = application.response.posting
    days = [entry.worked_on for entry in hours]
    if application.placed_at is not None:
        days.append(application.placed_at.astimezone(LOCAL_TIME).date())
    still_going = application.status == ApplicationStatus.PLACED
    if not still_going:  # withdrawn: the work ended when she stopped
        days.append(application.status_changed_at.astimezone(LOCAL_TIME).date())
    return Placement(
        organisation_name=posting.organisation.name if posting.organisation else "",
        posting_title=posting.title,
        starts_on=min(days) if days else None,
        ends_on=None if still_going else (max(days) if days else None),
        hours=hours,
        hours_total=sum((entry.hours for entry in hours), Decimal(0)),
        reference=reference,
    )
