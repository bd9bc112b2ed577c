"""What "close by and soon" means: the one request a person on a daily or weekly digest
still hears about straight away (if they kept ``Profile.urgent_alerts`` on).

A request for help on one day, at most CLOSE_BY_KM from the volunteer's home, on a day from
today up to SOON_DAYS ahead. Requests for "whenever suits" or every week can wait for the
digest; so can offers and vacancies.
"""

from __future__ import annotations

from datetime import date, timedelta

from marketplace.postings.models import Posting, PostingKind, Timing

CLOSE_BY_KM = 2.0
SOON_DAYS = 3


def is_close_by_and_soon(posting: Posting, distance_km: float, today: date) -> bool:
    return (
        posting.kind == PostingKind.REQUEST
        and distance_km <= CLOSE_BY_KM
        and posting.timing == Timing.ONCE
        and posting.once_on is not None
        and today <= posting.once_on <= today + timedelta(days=SOON_DAYS)
    )
