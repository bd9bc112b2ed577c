"""How far the rounds are, per wijk: shares visited, not reached and declined, and the
wishes by kind. For the coordinator (her organisation) and the municipality (every
organisation, small numbers hidden)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, case, func, select
from sqlalchemy.orm import Session

from marketplace.home_visits.models import HomeVisit, VisitReport, VisitRound, VisitStatus, Wish

# The municipality sees a wijk's figures only when at least this many residents were on
# its lists: fewer could point at a person (the dashboard's k-anonymity threshold).
MIN_GROUP = 5


@dataclass
class WijkProgress:
    wijk: str
    total: int = 0
    visited: int = 0
    not_reached: int = 0
    declined: int = 0
    open: int = 0
    wishes: dict[Wish, int] = field(default_factory=dict)

    def share(self, count: int) -> int:
        """A whole percentage of the wijk's visits."""
        return round(100 * count / self.total) if self.total else 0


def _count(status: VisitStatus) -> ColumnElement[Any]:
    return func.sum(case((HomeVisit.status == status, 1), else_=0))


def progress_by_wijk(
    session: Session, organisation_id: int | None = None, round_id: int | None = None
) -> list[WijkProgress]:
    """One row per wijk with round visits, in alphabetical order; ``organisation_id`` None
    counts every organisation's rounds, ``round_id`` only that round's."""
    where: list[ColumnElement[bool]] = [HomeVisit.round_id.is_not(None)]
    if organisation_id is not None:
        where.append(VisitRound.organisation_id == organisation_id)
    if round_id is not None:
        where.append(HomeVisit.round_id == round_id)
    rows: dict[str, WijkProgress] = {}
    for wijk, total, visited, not_reached, declined in session.execute(
        select(
            VisitRound.wijk,
            func.count(HomeVisit.id),
            _count(VisitStatus.VISITED),
            _count(VisitStatus.NOT_REACHED),
            _count(VisitStatus.DECLINED),
        )
        .join(VisitRound, VisitRound.id == HomeVisit.round_id)
        .where(*where)
        .group_by(VisitRound.wijk)
        .order_by(VisitRound.wijk)
    ):
        rows[wijk] = WijkProgress(
            wijk,
            total,
            int(visited or 0),
            int(not_reached or 0),
            int(declined or 0),
            total - int(visited or 0) - int(not_reached or 0) - int(declined or 0),
        )
    wish_columns = [
        func.sum(case((VisitReport.wish_mask.op("&")(wish.bit) != 0, 1), else_=0)) for wish in Wish
    ]
    for wijk, *counts in session.execute(
        select(VisitRound.wijk, *wish_columns)
        .select_from(VisitReport)
        .join(HomeVisit, HomeVisit.id == VisitReport.visit_id)
        .join(VisitRound, VisitRound.id == HomeVisit.round_id)
        .where(*where)
        .group_by(VisitRound.wijk)
    ):
        if wijk in rows:
            rows[wijk].wishes = {
                wish: int(count or 0) for wish, count in zip(Wish, counts, strict=True)
            }
    return list(rows.values())


def municipality_progress(session: Session) -> list[WijkProgress]:
    """Every organisation's rounds per wijk, only wijken with at least MIN_GROUP visits;
    a wish counted fewer than MIN_GROUP times shows as 0 (hidden, see the template)."""
    shown = []
    for row in progress_by_wijk(session):
        if row.total < MIN_GROUP:
            continue
        row.wishes = {wish: count for wish, count in row.wishes.items() if count >= MIN_GROUP}
        shown.append(row)
    return shown
