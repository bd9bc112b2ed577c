"""An organisation's own matchmaking figures, on its own page: requests its staff took on
and found a helper for, volunteers asked and what they answered, volunteers with a
credential it recorded (on its figures page for the period chosen, too).
Small numbers are hidden as on the municipality's dashboard (1 to 4 read "< 5")."""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, case, distinct, func, select
from sqlalchemy.orm import Session

from marketplace.accounts.memberships import Organisation
from marketplace.matchmaking.credentials import valid_on
from marketplace.matchmaking.models import (
    CaseNote,
    Credential,
    InvitationKind,
    InvitationStatus,
    MatchmakerInvitation,
)
from marketplace.periods import Period
from marketplace.small_numbers import FigureRow, shown_count
from marketplace.timestamps import local_midnight

PERIOD_DAYS = 91  # about the last three months, as the dashboard's default


def period_rows(session: Session, organisation: Organisation, period: Period) -> list[FigureRow]:
    """For the organisation's own figures page: requests its staff took on in the period
    (invited or assigned someone), and of those the ones where a volunteer said yes."""
    helped = MatchmakerInvitation.status.in_([InvitationStatus.ACCEPTED, InvitationStatus.ASSIGNED])
    taken_on, with_yes = session.execute(
        select(
            func.count(distinct(MatchmakerInvitation.posting_id)),
            func.count(distinct(case((helped, MatchmakerInvitation.posting_id)))),
        ).where(
            MatchmakerInvitation.organisation_id == organisation.id,
            MatchmakerInvitation.created_at >= period.start,
            MatchmakerInvitation.created_at < period.end,
        )
    ).one()
    return [
        FigureRow(
            str(_l("Hulpvragen opgepakt door uw medewerkers (rondbellen)")), shown_count(taken_on)
        ),
        FigureRow(str(_l("waarvan een vrijwilliger ja zei")), shown_count(with_yes)),
        FigureRow(
            str(_l("Vrijwilligers met een geldig bewijs (VOG of training) in deze periode")),
            shown_count(credentialed_volunteers(session, organisation, period)),
        ),
    ]


def credentialed_volunteers(session: Session, organisation: Organisation, period: Period) -> int:
    """Volunteers with a credential this organisation recorded that counted on some day of
    the period (given on or before its last day, not expired before its first)."""
    return int(
        session.scalar(
            select(func.count(distinct(Credential.user_id))).where(
                Credential.organisation_id == organisation.id,
                Credential.issued_on <= period.last_day,
                valid_on(period.first_day),
            )
        )
        or 0
    )


def organisation_figures(
    session: Session, organisation: Organisation, today: date
) -> tuple[date, list[FigureRow]]:
    """(the first day counted, the rows) for the last PERIOD_DAYS up to today."""
    first_day = today - timedelta(days=PERIOD_DAYS - 1)
    since = local_midnight(first_day)
    mine = (
        MatchmakerInvitation.organisation_id == organisation.id,
        MatchmakerInvitation.created_at >= since,
    )

    def invitations(*where: ColumnElement[bool]) -> int:
        query = select(func.count()).select_from(MatchmakerInvitation).where(*mine, *where)
        return int(session.scalar(query) or 0)

    requests = int(
        session.scalar(select(func.count(distinct(MatchmakerInvitation.posting_id))).where(*mine))
        or 0
    )
    helped = int(
        session.scalar(
            select(func.count(distinct(MatchmakerInvitation.posting_id))).where(
                *mine,
                MatchmakerInvitation.status.in_(
                    [InvitationStatus.ACCEPTED, InvitationStatus.ASSIGNED]
                ),
            )
        )
        or 0
    )
    notes = int(
        session.scalar(
            select(func.count())
            .select_from(CaseNote)
            .where(CaseNote.organisation_id == organisation.id, CaseNote.created_at >= since)
        )
        or 0
    )
    holders = int(
        session.scalar(
            select(func.count(distinct(Credential.user_id))).where(
                Credential.organisation_id == organisation.id, valid_on(today)
            )
        )
        or 0
    )
    rows = [
        (_l("Hulpvragen waarvoor u rondbelde"), requests),
        (_l("waarvan een vrijwilliger ja zei"), helped),
        (
            _l("Vrijwilligers persoonlijk gevraagd"),
            invitations(MatchmakerInvitation.kind == InvitationKind.INVITED),
        ),
        (_l("Zei ja"), invitations(MatchmakerInvitation.status == InvitationStatus.ACCEPTED)),
        (_l("Zei nee"), invitations(MatchmakerInvitation.status == InvitationStatus.DECLINED)),
        (
            _l("Afgesproken aan de telefoon"),
            invitations(MatchmakerInvitation.status == InvitationStatus.ASSIGNED),
        ),
        (_l("Regels in het logboek"), notes),
        (_l("Vrijwilligers met een geldig bewijs (nu)"), holders),
    ]
    return first_day, [FigureRow(str(label), shown_count(n)) for label, n in rows]
