"""Figures for the municipality's dashboard: lasting contacts started per wijk, and how
many still ran after 3 and 6 months. Small numbers are suppressed (fewer than 5)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.lasting_contact.models import LastingContact
from marketplace.periods import Period
from marketplace.postings.models import Posting
from marketplace.small_numbers import FigureRow, shown_count
from marketplace.timestamps import utcnow

MIN_COUNT = 5  # k-anonymity: fewer than this is shown as "< 5"
THREE_MONTHS = timedelta(days=91)
SIX_MONTHS = timedelta(days=182)


@dataclass(frozen=True)
class WijkRow:
    wijk: str
    started: int | None  # None: 1 to 4, too few to show
    after_3_months: int | None
    after_6_months: int | None


def _shown(value: int) -> int | None:
    return value if value == 0 or value >= MIN_COUNT else None


def figures_per_wijk(session: Session, now: datetime | None = None) -> list[WijkRow]:
    """Per wijk: started, and still running after 3 and 6 months (of those old enough)."""
    now = now or utcnow()
    rows: dict[str, list[int]] = {}
    contacts = session.execute(
        select(
            LastingContact.neighbourhood, LastingContact.started_at, LastingContact.ended_at
        ).order_by(LastingContact.neighbourhood, LastingContact.id)
    ).all()
    for wijk, started_at, ended_at in contacts:
        counts = rows.setdefault(wijk or "", [0, 0, 0])
        counts[0] += 1
        for index, period in ((1, THREE_MONTHS), (2, SIX_MONTHS)):
            if started_at <= now - period and (ended_at is None or ended_at - started_at >= period):
                counts[index] += 1
    return [
        WijkRow(wijk, _shown(started), _shown(three), _shown(six))
        for wijk, (started, three, six) in sorted(rows.items())
    ]


def organisation_figures(
    session: Session, organisation_id: int, period: Period, now: datetime | None = None
) -> list[FigureRow]:
    """Lasting contacts from the organisation's own requests that started in the period, and
    of those how many still ran after 3 and 6 months (small numbers hidden)."""
    now = now or utcnow()
    counts = [0, 0, 0]
    contacts = session.execute(
        select(LastingContact.started_at, LastingContact.ended_at)
        .join(Posting, Posting.id == LastingContact.posting_id)
        .where(
            Posting.organisation_id == organisation_id,
            LastingContact.started_at >= period.start,
            LastingContact.started_at < period.end,
        )
        .order_by(LastingContact.id)
    ).all()
    for started_at, ended_at in contacts:
        counts[0] += 1
        for index, length in ((1, THREE_MONTHS), (2, SIX_MONTHS)):
            if started_at <= now - length and (ended_at is None or ended_at - started_at >= length):
                counts[index] += 1
    labels = (
        _l("Begonnen in deze periode"),
        _l("Na 3 maanden nog bezig"),
        _l("Na 6 maanden nog bezig"),
    )
    return [FigureRow(str(label), shown_count(n)) for label, n in zip(labels, counts, strict=True)]
