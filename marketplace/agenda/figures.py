"""The agenda's figures per wijk for the municipality's dashboard: activities in the agenda,
sign-ups, "Ga je mee?" requests and how many found company (the last twelve months). Small
numbers are hidden (k >= 5): a count from 1 to 4 shows as "< 5"."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.agenda.models import Activity, ActivitySignup, ActivityStatus, CompanionLink
from marketplace.choice_memo import Memo
from marketplace.postings.models import Posting, PostingKind
from marketplace.timestamps import local_today, utcnow

SMALL = 5
YEAR = timedelta(days=365)


def shown(n: int) -> str:
    return "< 5" if 0 < n < SMALL else str(n)


@dataclass(frozen=True)
class WijkRow:
    wijk: str
    activities: str
    signups: str
    requests: str
    matched: str


def _per_wijk(session: Session, query: object) -> dict[str, int]:
    return {wijk: n for wijk, n in session.execute(query)}  # type: ignore[call-overload]


def figures_per_wijk(session: Session, now: datetime | None = None) -> list[WijkRow]:
    now = now or utcnow()
    since = local_today(now) - YEAR
    activities = _per_wijk(
        session,
        select(Activity.wijk, func.count(Activity.id))
        .where(Activity.status == ActivityStatus.APPROVED)
        .group_by(Activity.wijk),
    )
    signups = _per_wijk(
        session,
        select(Activity.wijk, func.count(ActivitySignup.id))
        .join(Activity, Activity.id == ActivitySignup.activity_id)
        .where(ActivitySignup.occurs_on >= since)
        .group_by(Activity.wijk),
    )
    requests_query = (
        select(Activity.wijk, func.count(Posting.id))
        .join(CompanionLink, CompanionLink.activity_id == Activity.id)
        .join(Posting, Posting.id == CompanionLink.posting_id)
        .where(Posting.kind == PostingKind.REQUEST, Posting.created_at >= now - YEAR)
        .group_by(Activity.wijk)
    )
    requests = _per_wijk(session, requests_query)
    matched = _per_wijk(session, requests_query.where(Posting.matched_at.is_not(None)))
    return [
        WijkRow(
            wijk,
            shown(activities.get(wijk, 0)),
            shown(signups.get(wijk, 0)),
            shown(requests.get(wijk, 0)),
            # Matched of a hidden number of requests would give that number away.
            shown(matched.get(wijk, 0)) if requests.get(wijk, 0) >= SMALL else "–",
        )
        for wijk in sorted(set(activities) | set(signups) | set(requests))
    ]


# The dashboard shows them on every visit; a year of a city's agenda takes tens of ms to count.
_kept = Memo(
    "agenda_figures",
    watch=("activities", "activity_signups", "activity_companions", "postings"),
)


def kept_figures_per_wijk(session: Session) -> list[WijkRow]:
    """``figures_per_wijk``, counted at most once a minute per process (``choice_memo``)."""
    return _kept.get(local_today(), lambda: figures_per_wijk(session))
