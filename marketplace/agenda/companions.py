""" "Ga je mee?": asking for company to an activity, or offering to take someone along.

Both become ordinary postings of the category "Gezelschap en wandelen" through the core's
``create_posting``: moderated, matched (near the activity's place, on its day part) and
followed up like any other. The agenda only keeps which posting belongs to which activity.
"""

from __future__ import annotations

from datetime import date, time, timedelta

from flask_babel import gettext as _
from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.agenda.errors import ActivityNotFound, AlreadyAsked, DateInPast, NoSuchDate
from marketplace.agenda.models import Activity, ActivityStatus, CompanionLink
from marketplace.agenda.schedule import Occurrence, dates_between, occurrence, takes_place_on
from marketplace.categories import Category
from marketplace.postings.models import Posting, PostingKind, PostingStatus, Timing
from marketplace.postings.services import create_posting
from marketplace.postings.validation import TITLE_MAX, PostingData
from marketplace.timestamps import local_today

COMPANY_CATEGORY = "gezelschap"
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def daypart_of(start: time) -> str:
    if start.hour < 12:
        return "morning"
    return "afternoon" if start.hour < 18 else "evening"


def _category_id(session: Session) -> int | None:
    return session.scalar(select(Category.id).where(Category.slug == COMPANY_CATEGORY))


def _check_open(activity: Activity) -> None:
    if activity.status != ActivityStatus.APPROVED:
        raise ActivityNotFound


def company_request(session: Session, activity: Activity, day: date, note: str) -> PostingData:
    """What a "Ga je mee?" request for ``day`` says: the activity's place, date and time."""
    item = occurrence(activity, day)
    description = _(
        "Ik wil graag naar ‘%(title)s’ op %(day)s van %(start)s tot %(end)s bij %(place)s, "
        "maar liever niet alleen. Wie gaat er mee?",
        title=activity.title,
        day=day.strftime("%d-%m-%Y"),
        start=item.starts_at.strftime("%H:%M"),
        end=item.ends_at.strftime("%H:%M"),
        place=f"{activity.place_name}, {activity.street}",
    )
    if note.strip():
        description += "\n\n" + note.strip()
    data = PostingData(
        kind=PostingKind.REQUEST,
        category_id=_category_id(session),
        title=_("Ga je mee naar %(title)s?", title=activity.title)[:TITLE_MAX],
        description=description,
        postcode=activity.postcode,
        timing=Timing.ONCE,
        once_on=day,
        once_daypart=daypart_of(activity.start_time),
    )
    return data


def check_not_asked_yet(
    session: Session, activity: Activity, day: date, whose: ColumnElement[bool]
) -> None:
    """Raises ActivityNotFound, NoSuchDate, DateInPast (``check_may_ask``), or AlreadyAsked
    when a request of ``whose`` (a condition on Posting) already asks for company that day."""
    check_may_ask(activity, day)
    asked = session.scalar(
        select(func.count(CompanionLink.id))
        .join(Posting, Posting.id == CompanionLink.posting_id)
        .where(CompanionLink.activity_id == activity.id, CompanionLink.occurs_on == day, whose)
    )
    if asked:
        raise AlreadyAsked


def check_may_ask(activity: Activity, day: date) -> None:
    """Raises ActivityNotFound, NoSuchDate, DateInPast."""
    _check_open(activity)
    if not takes_place_on(activity, day):
        raise NoSuchDate
    if day < local_today():
        raise DateInPast


def ask_company(
    session: Session, resident: User, activity: Activity, day: date, note: str = ""
) -> Posting:
    """ "Ik wil graag gaan, maar niet alleen": a request for company on ``day``, at the
    activity's place and time, sent to the moderators like any request.

    Raises ActivityNotFound, NoSuchDate, DateInPast, AlreadyAsked, and what
    ``create_posting`` raises (PermissionDenied, InvalidPosting, ...).
    """
    check_not_asked_yet(session, activity, day, Posting.author_id == resident.id)
    data = company_request(session, activity, day, note)
    posting = create_posting(session, resident, data)
    session.add(CompanionLink(activity_id=activity.id, posting_id=posting.id, occurs_on=day))
    session.flush()
    return posting


def offer_company(session: Session, volunteer: User, activity: Activity, note: str = "") -> Posting:
    """ "Ik ga elke dinsdag, wie gaat er mee?": an offer to take someone along, on the
    activity's weekday and day part (every week for a series).

    Raises ActivityNotFound, and what ``create_posting`` raises.
    """
    _check_open(activity)
    first = max(activity.starts_on, local_today())
    part = daypart_of(activity.start_time)
    description = _(
        "Ik ga naar ‘%(title)s’ bij %(place)s. Wilt u mee? Dan gaan we samen.",
        title=activity.title,
        place=f"{activity.place_name}, {activity.street}",
    )
    if note.strip():
        description += "\n\n" + note.strip()
    series = bool(activity.rrule)
    data = PostingData(
        kind=PostingKind.OFFER,
        category_id=_category_id(session),
        title=_("Wie gaat er mee naar %(title)s?", title=activity.title)[:TITLE_MAX],
        description=description,
        postcode=activity.postcode,
        timing=Timing.RECURRING if series else Timing.ONCE,
        once_on=None if series else activity.starts_on,
        once_daypart=None if series else part,
        recurring_slots=[f"{_WEEKDAYS[first.weekday()]}-{part}"] if series else [],
    )
    posting = create_posting(session, volunteer, data)
    session.add(CompanionLink(activity_id=activity.id, posting_id=posting.id, occurs_on=None))
    session.flush()
    return posting


def offers_for(session: Session, activity: Activity) -> list[Posting]:
    """Published offers to take someone along to ``activity``."""
    return list(
        session.scalars(
            select(Posting)
            .join(CompanionLink, CompanionLink.posting_id == Posting.id)
            .where(
                CompanionLink.activity_id == activity.id,
                Posting.kind == PostingKind.OFFER,
                Posting.status == PostingStatus.PUBLISHED,
            )
            .order_by(Posting.id)
        )
    )


def next_time_after(session: Session, posting_id: int) -> Occurrence | None:
    """The activity's next date after today, when ``posting_id`` asked company for it and
    the activity is still on; else None."""
    link = session.scalar(select(CompanionLink).where(CompanionLink.posting_id == posting_id))
    if link is None:
        return None
    activity = session.get(Activity, link.activity_id)
    if activity is None or activity.status != ActivityStatus.APPROVED:
        return None
    today = local_today()
    first = max(today, link.occurs_on or today) + timedelta(days=1)
    dates = dates_between(activity, first, first + timedelta(days=366))
    return occurrence(activity, dates[0]) if dates else None
