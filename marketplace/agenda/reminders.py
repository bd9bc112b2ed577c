"""The reminder the day before: by e-mail and in the app, once per sign-up, and once to
both sides of a "Ga je mee?" that found company (the one who asked, the one who goes
along)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.agenda.models import Activity, ActivitySignup, ActivityStatus, CompanionLink
from marketplace.agenda.schedule import occurrence, takes_place_on
from marketplace.notifications.models import NotificationKind
from marketplace.notifications.services import notify, page_path
from marketplace.permissions import told_about
from marketplace.postings.models import Posting
from marketplace.responses.models import Response, ResponseStatus
from marketplace.timestamps import local_today

BATCH_SIZE = 200


def remind_batch(session: Session, now: datetime, limit: int = BATCH_SIZE) -> int:
    """Remind up to ``limit`` people signed up for tomorrow (Rotterdam's) who were not
    reminded yet; returns how many. Idempotent: ``reminded_at`` is set, and the
    notification key holds if a run stops between the two. Then the same for "Ga je mee?"
    with an accepted response (counted once per request)."""
    tomorrow = local_today(now) + timedelta(days=1)
    signups = session.scalars(
        select(ActivitySignup)
        .join(Activity, Activity.id == ActivitySignup.activity_id)
        .where(
            ActivitySignup.occurs_on == tomorrow,
            ActivitySignup.reminded_at.is_(None),
            Activity.status == ActivityStatus.APPROVED,
        )
        .order_by(ActivitySignup.id)
        .limit(limit)
    ).all()
    for signup in signups:
        activity = signup.activity
        # A client signed up by staff: the staff member who did it is reminded.
        recipient = signup.user or signup.signed_up_by
        if recipient is not None and takes_place_on(activity, tomorrow):  # no exception since
            item = occurrence(activity, tomorrow)
            notify(
                session,
                recipient,
                NotificationKind.ACTIVITY_REMINDER,
                f"activity-reminder-{signup.id}",
                link_path=page_path(
                    "agenda.detail", activity_id=activity.id, datum=tomorrow.isoformat()
                ),
                title=activity.title,
                day=tomorrow,
                start=item.starts_at.strftime("%H:%M"),
                place=f"{activity.place_name}, {activity.street}",
            )
        signup.reminded_at = now
    session.flush()
    return len(signups) + _remind_company(session, now, tomorrow, limit)


def _remind_company(session: Session, now: datetime, tomorrow: date, limit: int) -> int:
    rows = session.execute(
        select(CompanionLink, Response)
        .join(Activity, Activity.id == CompanionLink.activity_id)
        .join(Posting, Posting.id == CompanionLink.posting_id)
        .join(Response, Response.posting_id == Posting.id)
        .where(
            CompanionLink.occurs_on == tomorrow,
            CompanionLink.reminded_at.is_(None),
            Activity.status == ActivityStatus.APPROVED,
            Response.status == ResponseStatus.ACCEPTED,
        )
        .order_by(CompanionLink.id, Response.id)
        .limit(limit)
    ).all()
    for link, response in rows:
        activity = link.activity
        if link.reminded_at is None and takes_place_on(activity, tomorrow):
            item = occurrence(activity, tomorrow)
            author, helper = told_about(link.posting), response.responder
            for recipient, other in ((author, helper), (helper, author)):
                notify(
                    session,
                    recipient,
                    NotificationKind.ACTIVITY_REMINDER,
                    f"activity-company-{link.id}-{recipient.id}",
                    link_path=page_path("responses.conversation", response_id=response.id),
                    title=activity.title,
                    day=tomorrow,
                    start=item.starts_at.strftime("%H:%M"),
                    place=f"{activity.place_name}, {activity.street}",
                    company=other.display_name,
                )
        link.reminded_at = now
    session.flush()
    return len({link.id for link, _response in rows})
