"""An organisation's own figures (issue 16), for its staff: the volunteers placed through it
and how many helped in the period, how "Is het gelukt?" was answered for its requests, and
the share of its requests that are for company. Matchmaking and lasting contact add theirs
through the ``organisation.figures`` slot. Small numbers are hidden as on the municipality's
dashboard (``small_numbers.shown_count``)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import case, distinct, func, select
from sqlalchemy.orm import Session

from marketplace.accounts.memberships import Organisation
from marketplace.categories import Category
from marketplace.followups.models import FollowUp
from marketplace.organisations.models import Application, ApplicationStatus
from marketplace.periods import Period
from marketplace.postings.models import Posting, PostingKind
from marketplace.responses.models import Response, ResponseStatus
from marketplace.small_numbers import Cell, FigureRow, shown_count

COMPANY = "gezelschap"  # the category of requests for company
FOLLOW_UP_LABELS = {
    "yes": _l("Is het gelukt? Ja"),
    "not_yet": _l("Is het gelukt? Nog niet"),
    "no": _l("Is het gelukt? Nee"),
}


@dataclass(frozen=True)
class Counts:
    """Exact numbers, straight from the queries. Never shown as they are."""

    placed: int
    active: int
    follow_ups: dict[str, int]
    requests: int
    company: int


def _share(part: int, whole: int) -> Cell:
    """A percentage only when the part itself is shown (5 or more)."""
    if part == 0 or whole == 0 or shown_count(part).is_hidden:
        return shown_count(part)
    percent = round(100 * part / whole)
    return Cell(percent, f"{percent}%")


def count(session: Session, organisation: Organisation, period: Period) -> Counts:
    """Three queries: volunteers, follow-up answers, requests."""
    ours = Posting.organisation_id == organisation.id
    placed, active = session.execute(
        select(
            func.count(
                distinct(
                    case(
                        (
                            (Application.status == ApplicationStatus.PLACED)
                            & (Application.placed_at < period.end),
                            Response.responder_id,
                        )
                    )
                )
            ),
            func.count(
                distinct(
                    case(
                        (
                            (Response.status == ResponseStatus.ACCEPTED)
                            & (Response.decided_at >= period.start)
                            & (Response.decided_at < period.end),
                            Response.responder_id,
                        )
                    )
                )
            ),
        )
        .select_from(Response)
        .join(Posting, Posting.id == Response.posting_id)
        .outerjoin(Application, Application.response_id == Response.id)
        .where(ours)
    ).one()
    follow_ups = {
        str(answer): int(n)
        for answer, n in session.execute(
            select(FollowUp.answer, func.count())
            .join(Response, Response.id == FollowUp.response_id)
            .join(Posting, Posting.id == Response.posting_id)
            .where(
                ours,
                FollowUp.answer.is_not(None),
                FollowUp.answered_at >= period.start,
                FollowUp.answered_at < period.end,
            )
            .group_by(FollowUp.answer)
            .order_by(FollowUp.answer)
        )
    }
    requests, company = session.execute(
        select(func.count(), func.count(case((Category.slug == COMPANY, Posting.id))))
        .select_from(Posting)
        .join(Category, Category.id == Posting.category_id)
        .where(
            ours,
            Posting.kind == PostingKind.REQUEST,
            Posting.created_at >= period.start,
            Posting.created_at < period.end,
        )
    ).one()
    return Counts(int(placed or 0), int(active or 0), follow_ups, int(requests), int(company))


def organisation_rows(
    session: Session, organisation: Organisation, period: Period
) -> list[FigureRow]:
    """The organisation's own figures as they may be shown."""
    counts = count(session, organisation, period)
    rows = [
        FigureRow(
            str(_l("Vrijwilligers via uw organisatie geplaatst (tot het eind van de periode)")),
            shown_count(counts.placed),
        ),
        FigureRow(
            str(_l("Vrijwilligers die in deze periode hielpen bij uw organisatie")),
            shown_count(counts.active),
        ),
        *(
            FigureRow(str(label), shown_count(counts.follow_ups.get(key, 0)))
            for key, label in FOLLOW_UP_LABELS.items()
        ),
        FigureRow(
            str(_l("Hulpvragen geplaatst door uw organisatie")), shown_count(counts.requests)
        ),
        FigureRow(str(_l("waarvan voor gezelschap")), shown_count(counts.company)),
        FigureRow(str(_l("Aandeel gezelschap")), _share(counts.company, counts.requests)),
    ]
    return rows
