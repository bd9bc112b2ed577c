"""Planning the visit for a signal: who goes, which day and which part of the day.

Who goes is the person the signal is assigned to, so planning assigns it. Planning is not
first contact and does not change the status: "in behandeling" means someone reached the
person (which stops the first-contact clock), and a visit can be planned before that.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask_babel import format_date
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.dayparts import PART_LABELS
from marketplace.notifications.models import NotificationKind
from marketplace.notifications.services import notify, page_path
from marketplace.signals.errors import InvalidSignal, NotAHandler, SignalClosed, SignalNotFound
from marketplace.signals.handling import assignable, may_see_signal
from marketplace.signals.models import Signal, VisitDaypart
from marketplace.timestamps import local_today, utcnow

VISIT_HORIZON = timedelta(days=60)
DAY_IN_PAST = _l("Kies een dag vanaf vandaag.")
DAY_TOO_FAR = _l("Kies een dag binnen 60 dagen vanaf vandaag.")


def plan_visit(
    session: Session,
    actor: User,
    signal: Signal,
    visitor_id: int,
    day: date,
    daypart: str,
    *,
    now: datetime | None = None,
) -> Signal:
    """Plan (or replan) the visit: ``visitor_id`` goes on ``day`` in ``daypart``. Gives the
    signal to the visitor and tells the visitor; the status stays as it is.
    Raises SignalNotFound, SignalClosed, NotAHandler, InvalidSignal (the day or daypart)."""
    now = now or utcnow()
    if not may_see_signal(session, actor, signal):
        raise SignalNotFound
    if not signal.is_open:
        raise SignalClosed
    visitor = next((u for u in assignable(session, signal) if u.id == visitor_id), None)
    if visitor is None:
        raise NotAHandler
    today = local_today(now)
    if day < today:
        raise InvalidSignal("day", DAY_IN_PAST)
    if day > today + VISIT_HORIZON:
        raise InvalidSignal("day", DAY_TOO_FAR)
    if daypart not in tuple(VisitDaypart):
        raise InvalidSignal("daypart", _l("Kies ochtend, middag of avond."))
    signal.assigned_to_id = visitor.id
    signal.visit_planned_on = day
    signal.visit_daypart = daypart
    if visitor.id != actor.id and not visitor.is_erased:
        notify(
            session,
            visitor,
            NotificationKind.SIGNAL_VISIT_PLANNED,
            f"signal_visit_planned:{signal.id}:{visitor.id}:{day.isoformat()}:{daypart}",
            link_path=page_path("signals.detail", signal_id=signal.id),
            send_email=True,  # work given to them: mailed whatever the mail settings
            day=day,
            part=PART_LABELS[daypart],  # lazy: said in the visitor's language
        )
    session.flush()
    return signal


def visit_label(signal: Signal) -> str:
    """ "di 8 dec., ochtend": the planned visit, short, for the queue and the signal page
    ("" when none is planned)."""
    if signal.visit_planned_on is None or signal.visit_daypart is None:
        return ""
    return _(
        "%(day)s, %(part)s",
        day=format_date(signal.visit_planned_on, "EEE d MMM"),
        part=PART_LABELS[signal.visit_daypart],
    )
