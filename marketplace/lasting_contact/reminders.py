"""The beat task's work: a reminder the day before each meeting and one a few hours before
(``SOON``: a telefoonmaatje's call is easily forgotten), and the check-ins after 1, 6 and 13
weeks. Idempotent by state (``reminded_for``; one ``CheckIn`` row per contact, week and
person) and by the notification keys."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.lasting_contact.models import CHECK_IN_WEEKS, CheckIn, LastingContact
from marketplace.lasting_contact.services import contact_path, posting_side
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.notifications.services import notify
from marketplace.timestamps import LOCAL_TIME, local_today

BATCH_SIZE = 200
# The second reminder: this long before the meeting.
SOON = timedelta(hours=3)


def _soon_key(contact: LastingContact, person_id: int, meeting: datetime) -> str:
    return f"lasting-soon:{contact.id}:{person_id}:{meeting.isoformat()}"


def remind_soon(session: Session, now: datetime) -> int:
    """Remind both sides of running contacts whose meeting starts within ``SOON`` from
    ``now``; returns how many contacts were reminded now. Idempotent by the notification
    keys (one per person and meeting moment). Runs before the day-before reminder: a
    meeting this close gets this one only (``reminded_for`` is set to its day)."""
    today = local_today(now)
    days = {day.weekday(): day for day in (today, today + timedelta(days=1))}
    contacts = session.scalars(
        select(LastingContact)
        .where(
            LastingContact.ended_at.is_(None),
            LastingContact.weekday.in_(list(days)),
            LastingContact.at_time.is_not(None),
        )
        .order_by(LastingContact.id)
    ).all()
    reminded = 0
    for contact in contacts:
        assert contact.weekday is not None and contact.at_time is not None
        day = days[contact.weekday]
        meeting = datetime.combine(day, contact.at_time, tzinfo=LOCAL_TIME).astimezone(UTC)
        if not now < meeting <= now + SOON:
            continue
        people = [*posting_side(contact.posting), contact.volunteer]
        keys = {person.id: _soon_key(contact, person.id, meeting) for person in people}
        sent = set(
            session.scalars(
                select(Notification.idempotency_key).where(
                    Notification.idempotency_key.in_(list(keys.values()))
                )
            )
        )
        if sent >= set(keys.values()):
            continue
        for person in people:
            notify(
                session,
                person,
                NotificationKind.LASTING_REMINDER,
                keys[person.id],
                link_path=contact_path(contact),
                day=day,
                at=contact.at_time.strftime("%H:%M"),
                posting_title=contact.posting.title,
                soon=True,
            )
        contact.reminded_for = day  # the day-before reminder would come after this one
        reminded += 1
    session.flush()
    return reminded


def remind_batch(session: Session, now: datetime, limit: int = BATCH_SIZE) -> int:
    """Remind both sides of up to ``limit`` running contacts that meet tomorrow (Rotterdam's
    day) and were not reminded for that day yet; returns how many contacts."""
    tomorrow = local_today(now) + timedelta(days=1)
    contacts = session.scalars(
        select(LastingContact)
        .where(
            LastingContact.ended_at.is_(None),
            LastingContact.weekday == tomorrow.weekday(),
            LastingContact.at_time.is_not(None),
            (LastingContact.reminded_for.is_(None)) | (LastingContact.reminded_for != tomorrow),
        )
        .order_by(LastingContact.id)
        .limit(limit)
    ).all()
    for contact in contacts:
        assert contact.at_time is not None
        for person in [*posting_side(contact.posting), contact.volunteer]:
            notify(
                session,
                person,
                NotificationKind.LASTING_REMINDER,
                f"lasting-reminder:{contact.id}:{person.id}:{tomorrow.isoformat()}",
                link_path=contact_path(contact),
                day=tomorrow,
                at=contact.at_time.strftime("%H:%M"),
                posting_title=contact.posting.title,
            )
        contact.reminded_for = tomorrow
    session.flush()
    return len(contacts)


def ask_check_ins(session: Session, now: datetime, limit: int = BATCH_SIZE) -> int:
    """ "Gaat het goed?" to both sides of running contacts that reached week 1, 6 or 13 and
    were not asked for that week yet; returns how many questions were asked."""
    asked = 0
    for week in CHECK_IN_WEEKS:
        already = select(CheckIn.contact_id).where(CheckIn.week == week)
        contacts = session.scalars(
            select(LastingContact)
            .where(
                LastingContact.ended_at.is_(None),
                LastingContact.started_at <= now - timedelta(weeks=week),
                LastingContact.id.not_in(already),
            )
            .order_by(LastingContact.id)
            .limit(limit)
        ).all()
        for contact in contacts:
            for person in [*posting_side(contact.posting), contact.volunteer]:
                check_in = CheckIn(contact=contact, week=week, user_id=person.id)
                session.add(check_in)
                session.flush()
                notify(
                    session,
                    person,
                    NotificationKind.LASTING_CHECK_IN,
                    f"lasting-check-in:{contact.id}:{week}:{person.id}",
                    link_path=contact_path(contact),
                    week=week,
                    posting_title=contact.posting.title,
                )
                asked += 1
    session.flush()
    return asked
