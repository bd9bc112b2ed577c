"""Issue 16 gap: besides the day before, a reminder a few hours before the meeting (a
telefoonmaatje's call), idempotent, and never two at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.lasting_contact.models import LastingContact
from marketplace.lasting_contact.reminders import SOON, remind_batch, remind_soon
from marketplace.notifications.models import Notification
from marketplace.timestamps import LOCAL_TIME, utcnow
from tests.conftest import log_in
from tests.factories import PostingFactory, ResponseFactory, person
from worker.lasting_contact import remind_and_check_in


def _contact(client, meeting: datetime) -> LastingContact:
    """A running telefoonmaatje contact meeting weekly at ``meeting`` (local time)."""
    author = person(display_name="Mevrouw Bakker")
    posting = PostingFactory(published=True, author=author, lasting="phone")
    response = ResponseFactory(posting=posting, responder=person(display_name="Sanne"))
    db.session.commit()
    log_in(client, author)
    client.post(f"/berichten/{response.id}/accepteren")
    contact = db.session.scalars(select(LastingContact)).one()
    contact.weekday, contact.at_time = meeting.weekday(), meeting.time().replace(microsecond=0)
    db.session.commit()
    return contact


def _reminders() -> list[tuple[str, int]]:
    rows = db.session.execute(
        select(Notification.idempotency_key, Notification.recipient_id)
        .where(Notification.kind == "lasting_reminder")
        .order_by(Notification.id)
    ).all()
    return [(key.split(":")[0], recipient) for key, recipient in rows]


def _local(hours: float) -> datetime:
    return (utcnow() + timedelta(hours=hours)).astimezone(LOCAL_TIME).replace(second=0)


def test_both_are_reminded_a_few_hours_before_and_a_second_run_changes_nothing(client):
    contact = _contact(client, _local(2))
    assert remind_soon(db.session, utcnow()) == 1
    assert [kind for kind, _ in _reminders()] == ["lasting-soon", "lasting-soon"]
    assert remind_soon(db.session, utcnow()) == 0
    assert len(_reminders()) == 2
    assert {recipient for _, recipient in _reminders()} == {
        contact.volunteer_id,
        contact.posting.author_id,
    }


def test_a_meeting_further_away_gets_no_reminder_yet(client):
    _contact(client, _local(SOON.total_seconds() / 3600 + 1))
    assert remind_soon(db.session, utcnow()) == 0
    assert _reminders() == []


def test_the_soon_reminder_mail_says_straks(client):
    _contact(client, _local(2))
    remind_soon(db.session, utcnow())
    notification = db.session.scalars(select(Notification).order_by(Notification.id)).all()[-1]
    assert "Straks om" in notification.subject


def test_when_both_windows_fall_in_one_run_only_one_reminder_is_sent(app, client):
    # A meeting early tomorrow, within three hours: the day before and "soon" at once.
    now = utcnow()
    meeting = _local(2)
    if meeting.date() == now.astimezone(LOCAL_TIME).date():
        # Pretend "now" is late in the evening before the meeting, in the same local week.
        meeting = (
            (now + timedelta(days=1))
            .astimezone(LOCAL_TIME)
            .replace(hour=1, minute=0, second=0, microsecond=0)
        )
        now = meeting.astimezone(UTC) - timedelta(hours=2)
    _contact(client, meeting)
    reminded = remind_soon(db.session, now) + remind_batch(db.session, now)
    assert reminded == 1
    assert [kind for kind, _ in _reminders()] == ["lasting-soon", "lasting-soon"]


def test_the_beat_task_sends_the_soon_reminder_once(app, client):
    _contact(client, _local(2))
    remind_and_check_in()
    soon = [kind for kind, _ in _reminders() if kind == "lasting-soon"]
    assert len(soon) == 2
    count = db.session.scalar(select(func.count(Notification.id)))
    assert remind_and_check_in() == 0
    assert db.session.scalar(select(func.count(Notification.id))) == count


def test_the_day_before_reminder_still_comes_for_a_meeting_tomorrow(client):
    meeting = (
        (utcnow() + timedelta(days=1))
        .astimezone(LOCAL_TIME)
        .replace(hour=10, minute=0, second=0, microsecond=0)
    )
    _contact(client, meeting)
    now = meeting.astimezone(UTC) - timedelta(hours=20)
    assert remind_soon(db.session, now) == 0
    assert remind_batch(db.session, now) == 1
    later = meeting.astimezone(UTC) - timedelta(hours=1)
    assert remind_soon(db.session, later) == 1
    assert [kind for kind, _ in _reminders()] == ["lasting-reminder"] * 2 + ["lasting-soon"] * 2
