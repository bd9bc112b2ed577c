"""Daily and weekly digests: one e-mail per person per period, with the postings that fit."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import select

from marketplace import outbox
from marketplace.matching.digests import digest_window
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.profiles.models import NotificationPreference
from tests.factories import MatchSuggestionFactory, PostingFactory, UserFactory, person

SEND = "digests.send_digests"
TODAY = "2026-11-24"  # a Tuesday
YESTERDAY_NOON = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)
LAST_WEEK = datetime(2026, 11, 18, 9, 0, tzinfo=UTC)  # the Wednesday before


def daily_volunteer(**fields):
    return person(volunteer=True, notification_preference=NotificationPreference.DAILY, **fields)


def suggest(user, title="Boodschappen op dinsdag", created_at=YESTERDAY_NOON, **posting_fields):
    posting = PostingFactory(published=True, title=title, **posting_fields)
    return MatchSuggestionFactory(user=user, posting=posting, created_at=created_at)


def digests(session) -> list[Notification]:
    session.expire_all()
    return list(
        session.scalars(
            select(Notification)
            .where(Notification.kind == NotificationKind.DIGEST)
            .order_by(Notification.id)
        )
    )


def test_daily_digest_is_one_mail_with_every_new_posting_that_fits(run_task, session):
    volunteer = daily_volunteer()
    suggest(volunteer, "Boodschappen op dinsdag")
    suggest(volunteer, "Hond uitlaten")
    assert run_task(SEND, "daily", TODAY) == 1
    [digest] = digests(session)
    assert digest.recipient_id == volunteer.id
    assert digest.idempotency_key == f"digest:daily:{volunteer.id}:2026-11-23"
    assert "Boodschappen op dinsdag" in digest.body and "Hond uitlaten" in digest.body
    assert "http://localhost/voor-u/" in digest.body
    assert digest.send_email and digest.status == "pending"


def test_running_the_digest_twice_writes_it_once(run_task, session):
    suggest(daily_volunteer())
    run_task(SEND, "daily", TODAY)
    assert run_task(SEND, "daily", TODAY) == 0
    assert len(digests(session)) == 1


def test_suggestions_from_other_days_are_not_in_the_daily_digest(run_task, session):
    volunteer = daily_volunteer()
    suggest(volunteer, "Van vorige week", created_at=LAST_WEEK)
    suggest(volunteer, "Van vandaag", created_at=datetime(2026, 11, 24, 6, 0, tzinfo=UTC))
    assert run_task(SEND, "daily", TODAY) == 0
    assert digests(session) == []


def test_people_without_new_suggestions_get_no_digest(run_task, session):
    daily_volunteer()
    assert run_task(SEND, "daily", TODAY) == 0


def test_instant_weekly_and_off_people_get_no_daily_digest(run_task, session):
    for preference in ("instant", "weekly", "off"):
        suggest(person(volunteer=True, notification_preference=preference))
    assert run_task(SEND, "daily", TODAY) == 0


def test_weekly_digest_covers_last_monday_to_sunday(run_task, session):
    volunteer = person(volunteer=True, notification_preference=NotificationPreference.WEEKLY)
    suggest(volunteer, "Vorige week", created_at=LAST_WEEK)
    suggest(volunteer, "Deze week", created_at=YESTERDAY_NOON)
    assert run_task(SEND, "weekly", TODAY) == 1
    [digest] = digests(session)
    assert digest.idempotency_key == f"digest:weekly:{volunteer.id}:2026-11-16"
    assert "Vorige week" in digest.body and "Deze week" not in digest.body


def test_dismissed_and_closed_postings_are_left_out(run_task, session):
    volunteer = daily_volunteer()
    dismissed = suggest(volunteer, "Weggeklikt")
    dismissed.dismissed_at = YESTERDAY_NOON
    suggest(volunteer, "Al geholpen", matched=True)
    suggest(volunteer, "Verborgen", is_hidden=True)
    suggest(volunteer, "Nog open")
    session.commit()
    run_task(SEND, "daily", TODAY)
    [digest] = digests(session)
    assert "Nog open" in digest.body
    assert not any(t in digest.body for t in ("Weggeklikt", "Al geholpen", "Verborgen"))


def test_blocked_people_get_no_digest(run_task, session):
    suggest(
        person(
            volunteer=True,
            notification_preference=NotificationPreference.DAILY,
            user=UserFactory(blocked=True),
        )
    )
    assert run_task(SEND, "daily", TODAY) == 0


def test_digest_is_written_in_the_persons_language(run_task, session):
    volunteer = daily_volunteer(user=UserFactory(locale="en"))
    suggest(volunteer)
    run_task(SEND, "daily", TODAY)
    [digest] = digests(session)
    assert digest.body.startswith("Dear ")


def test_every_person_gets_their_own_digest_across_batches(run_task, session):
    volunteers = [daily_volunteer() for _ in range(5)]
    for volunteer in volunteers:
        suggest(volunteer)
    assert run_task(SEND, "daily", TODAY, 2) == 5  # batches of two people
    assert sorted(d.recipient_id for d in digests(session)) == sorted(v.id for v in volunteers)


def test_digests_are_queued_in_batches_when_the_relay_is_on(run_task, session, app, monkeypatch):
    calls = []
    monkeypatch.setitem(app.config, "OUTBOX_RELAY_ENABLED", True)
    monkeypatch.setattr(outbox, "publish_batch", lambda task, ids: calls.append((task, ids)))
    suggest(daily_volunteer())
    run_task(SEND, "daily", TODAY)
    [digest] = digests(session)
    assert calls == [("notifications.deliver_batch", [digest.id])]


def test_a_second_run_while_the_first_holds_the_lock_does_nothing(run_task, session):
    from worker.locks import beat_lock

    suggest(daily_volunteer())
    with beat_lock("send_digests:daily") as acquired:
        assert acquired
        assert run_task(SEND, "daily", TODAY) == 0


def test_the_daily_window_is_yesterday_in_dutch_time_also_after_the_clock_change():
    window = digest_window("daily", date(2026, 3, 30))  # summer time began on 29 March
    assert window.first_day == date(2026, 3, 29)
    assert window.starts_at == datetime(2026, 3, 28, 23, 0, tzinfo=UTC)
    assert window.ends_at == datetime(2026, 3, 29, 22, 0, tzinfo=UTC)


def test_beat_sends_the_daily_and_weekly_digest_at_seven_dutch_time(app):
    celery = app.extensions["celery"]
    schedule = celery.conf.beat_schedule
    assert celery.conf.timezone == "Europe/Amsterdam"
    daily, weekly = schedule["daily-digest"], schedule["weekly-digest"]
    assert (daily["task"], daily["args"]) == (SEND, ["daily"])
    assert daily["schedule"].hour == {7} and daily["schedule"].minute == {0}
    assert weekly["args"] == ["weekly"] and weekly["schedule"].day_of_week == {1}
