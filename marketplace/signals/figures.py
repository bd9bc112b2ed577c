"""The municipality's signal figures per wijk: how many signals, the median time to first
contact, and how they ended. Like the dashboard's own figures, a count of 1 to 4 reads
"< 5" (and a second count in the row is hidden when the first could be worked out from
the total), and a median needs at least 5 signals. Nobody is named; no address is read.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from statistics import median
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.signals.models import Signal, SignalOutcome
from marketplace.timestamps import utcnow

SMALL = 5
PERIOD = timedelta(days=365)
OUTCOMES = tuple(o for o in SignalOutcome if o != SignalOutcome.MERGED)


def shown(n: int) -> str:
    return "< 5" if 0 < n < SMALL else str(n)


@dataclass
class WijkRow:
    wijk: str
    total: str
    median_hours: str
    outcomes: dict[str, str] = field(default_factory=dict)


def _shield(counts: dict[str, int]) -> dict[str, str]:
    cells = {key: shown(n) for key, n in counts.items()}
    hidden = [key for key, n in counts.items() if 0 < n < SMALL]
    if len(hidden) == 1:  # total minus the others would give it away: hide one more
        others = sorted((n, key) for key, n in counts.items() if n > 0 and key not in hidden)
        if others:
            cells[others[0][1]] = "afgeschermd"
    return cells


def figures_per_wijk(session: Session, now: datetime | None = None) -> list[WijkRow]:
    """Signals made in the last year, per wijk (merged duplicates not counted twice)."""
    since = (now or utcnow()) - PERIOD
    rows = session.execute(
        select(Signal.wijk, Signal.outcome, Signal.created_at, Signal.first_contact_at)
        .where(Signal.created_at >= since)
        .where((Signal.outcome.is_(None)) | (Signal.outcome != SignalOutcome.MERGED))
        .order_by(Signal.wijk, Signal.id)
    ).all()
    per_wijk: dict[str, list[Any]] = defaultdict(list)
    for row in rows:
        per_wijk[row.wijk].append(row)
    result = []
    for wijk, signals in sorted(per_wijk.items()):
        hours = [
            (r.first_contact_at - r.created_at).total_seconds() / 3600
            for r in signals
            if r.first_contact_at is not None
        ]
        counts = {o.value: sum(1 for r in signals if r.outcome == o) for o in OUTCOMES}
        result.append(
            WijkRow(
                wijk=wijk,
                total=shown(len(signals)),
                median_hours=f"{median(hours):.0f}" if len(hours) >= SMALL else "–",
                outcomes=_shield(counts),
            )
        )
    return result
