"""The reminder the day before, by e-mail and in the app."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import func, select

from marketplace.agenda.reminders import remind_batch
from marketplace.agenda.services import sign_up
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.timestamps import LOCAL_TIME, local_today
from tests.agenda.factories import make_activity
from tests.factories import person


def _evening_before(day):
    return datetime.combine(day - timedelta(days=1), time(18), tzinfo=LOCAL_TIME)


def _reminders(session):
    return session.scalar(
        select(func.count(Notification.id)).where(
            Notification.kind == NotificationKind.ACTIVITY_REMINDER
        )
    )


def test_someone_signed_up_for_tomorrow_gets_a_reminder(session):
    activity = make_activity()
    sign_up(session, person(), activity, activity.starts_on)
    assert remind_batch(session, _evening_before(activity.starts_on)) == 1
    reminder = session.scalar(select(Notification))
    assert "Koffieochtend" in reminder.subject
    assert reminder.link_path.endswith(f"datum={activity.starts_on.isoformat()}")


def test_a_second_run_sends_no_second_reminder(session):
    activity = make_activity()
    sign_up(session, person(), activity, activity.starts_on)
    remind_batch(session, _evening_before(activity.starts_on))
    remind_batch(session, _evening_before(activity.starts_on))
    assert _reminders(session) == 1


def test_no_reminder_two_days_before(session):
    activity = make_activity()
    sign_up(session, person(), activity, activity.starts_on)
    remind_batch(session, _evening_before(activity.starts_on - timedelta(days=1)))
    assert _reminders(session) == 0


def test_no_reminder_when_the_date_became_an_exception(session):
    activity = make_activity()
    sign_up(session, person(), activity, activity.starts_on)
    activity.exdates = activity.starts_on.isoformat()
    remind_batch(session, _evening_before(activity.starts_on))
    assert _reminders(session) == 0


def test_the_beat_task_reminds_once_and_a_second_run_changes_nothing(session):
    from worker.agenda import send_reminders

    tomorrow = local_today() + timedelta(days=1)
    activity = make_activity(starts_on=tomorrow, repeat="once")
    sign_up(session, person(), activity, tomorrow)
    session.commit()
    assert send_reminders() == 1
    assert send_reminders() == 0
    assert _reminders(session) == 1
