"""Recording a visit: the result, and after a conversation a short report."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, literal, select
from sqlalchemy.orm import Session, joinedload

from marketplace.accounts.models import User
from marketplace.home_visits import loneliness
from marketplace.home_visits.errors import VisitClosed
from marketplace.home_visits.models import HomeVisit, VisitReport, VisitStatus, Wish
from marketplace.timestamps import utcnow

MAX_ATTEMPTS = 3  # "not at home" three times: the resident was not reached
HOW_DOING_MAX = 2_000
OPEN = (VisitStatus.PLANNED, VisitStatus.NOT_HOME)
RESULTS = (VisitStatus.VISITED, VisitStatus.NOT_HOME, VisitStatus.DECLINED)


@dataclass(frozen=True)
class ReportData:
    how_doing: str = ""
    wishes: Collection[Wish] = ()
    scale_consent: bool = False
    scale_answers: dict[str, str] = field(default_factory=dict)


def record_result(
    session: Session,
    actor: User,
    visit: HomeVisit,
    result: VisitStatus,
    report: ReportData | None = None,
) -> HomeVisit:
    """Record one ring at the door. Raises VisitClosed when the visit already ended, and
    ValueError for a result that is not one of ``RESULTS`` or scale answers without
    consent. A report is kept only for a visit that took place; the scale only with the
    resident's consent."""
    if visit.status not in OPEN:
        raise VisitClosed()
    if result not in RESULTS:
        raise ValueError(result)
    visit.attempts += 1
    visit.result_at = utcnow()
    if result == VisitStatus.NOT_HOME and visit.attempts >= MAX_ATTEMPTS:
        result = VisitStatus.NOT_REACHED
    visit.status = result
    if result == VisitStatus.VISITED:
        _write_report(session, actor, visit, report or ReportData())
    session.flush()
    return visit


def _write_report(session: Session, actor: User, visit: HomeVisit, data: ReportData) -> None:
    if data.scale_answers and not data.scale_consent:
        raise ValueError("scale answers without consent")
    mask = 0
    for wish in data.wishes:
        mask |= Wish(wish).bit
    report = VisitReport(
        visit_id=visit.id,
        how_doing=data.how_doing.strip()[:HOW_DOING_MAX],
        wish_mask=mask,
        scale_consent=data.scale_consent,
        written_by_id=actor.id,
    )
    if data.scale_consent and data.scale_answers:
        result = loneliness.score(data.scale_answers)
        report.scale_answers = loneliness.encode(data.scale_answers)
        report.loneliness_emotional = result.emotional
        report.loneliness_social = result.social
        report.loneliness_total = result.total
    session.add(report)


def visits_for_visitor(
    session: Session, visitor: User, *, open_only: bool = True
) -> list[HomeVisit]:
    """The visitor's own visits in date order, with their addresses (for her round)."""
    query = (
        select(HomeVisit)
        .options(joinedload(HomeVisit.address), joinedload(HomeVisit.organisation))
        .where(HomeVisit.visitor_id == visitor.id)
        .order_by(HomeVisit.planned_on, HomeVisit.daypart.desc(), HomeVisit.id)
    )
    if open_only:
        query = query.where(HomeVisit.status.in_(OPEN))
    return list(session.scalars(query))


def an_open_visit(visitor_id: ColumnElement[int]) -> ColumnElement[bool]:
    """Whether the visitor has a visit still to make (the menu's figure ``has_home_visits``)."""
    return (
        select(HomeVisit.id)
        .where(HomeVisit.visitor_id == visitor_id, HomeVisit.status.in_(OPEN))
        .exists()
    )


def has_open_visits(session: Session, visitor: User) -> bool:
    return bool(session.scalar(select(an_open_visit(literal(visitor.id)))))
