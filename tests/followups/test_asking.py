"""Who is asked "Is het gelukt?", when, and only once per round."""

from __future__ import annotations

from sqlalchemy import func, select

from marketplace.followups.models import FollowUp
from marketplace.followups.services import FIRST, SECOND, ask_batch
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.postings.models import PostingKind
from marketplace.timestamps import utcnow
from tests.followups.conftest import accepted_response


def _asked(session):
    return session.scalars(select(FollowUp).order_by(FollowUp.user_id)).all()


def test_both_sides_are_asked_a_week_after_help_was_agreed(session):
    response = accepted_response(days_ago=7.1)
    ask_batch(session, FIRST, utcnow())
    asked = {(f.user_id, f.round) for f in _asked(session)}
    assert asked == {(response.responder_id, 1), (response.posting.author_id, 1)}


def test_the_question_comes_as_a_notification_with_a_one_click_link(session):
    response = accepted_response()
    ask_batch(session, FIRST, utcnow())
    note = session.scalar(
        select(Notification).where(Notification.recipient_id == response.responder_id)
    )
    assert note.kind == NotificationKind.FOLLOW_UP
    assert note.link_path.startswith("/gelukt/")
    assert "Is het gelukt?" in note.subject
    assert response.posting.author.profile.display_name in note.body


def test_nobody_is_asked_before_a_week_has_passed(session):
    accepted_response(days_ago=6.9)
    assert ask_batch(session, FIRST, utcnow()) == (0, None)


def test_help_already_marked_done_is_not_asked_about(session):
    accepted_response(completed_at=utcnow())
    assert ask_batch(session, FIRST, utcnow()) == (0, None)


def test_a_pending_response_is_not_asked_about(session):
    response = accepted_response()
    response.status = "pending"
    session.commit()
    assert ask_batch(session, FIRST, utcnow()) == (0, None)


def test_vacancy_placements_are_not_asked_about(session):
    accepted_response(posting_fields={"kind": PostingKind.VACANCY})
    assert ask_batch(session, FIRST, utcnow()) == (0, None)


def test_a_blocked_person_is_not_asked(session):
    response = accepted_response()
    response.responder.is_blocked = True
    session.commit()
    ask_batch(session, FIRST, utcnow())
    assert [f.user_id for f in _asked(session)] == [response.posting.author_id]


def test_recurring_help_is_asked_again_after_six_weeks(session):
    accepted_response(days_ago=43, posting_fields={"timing": "recurring", "daypart_mask": 1})
    ask_batch(session, FIRST, utcnow())
    ask_batch(session, SECOND, utcnow())
    assert sorted(f.round for f in _asked(session)) == [1, 1, 2, 2]


def test_one_off_help_is_not_asked_a_second_time(session):
    accepted_response(days_ago=43)
    assert ask_batch(session, SECOND, utcnow()) == (0, None)


def test_recurring_help_is_not_asked_again_before_six_weeks(session):
    accepted_response(days_ago=41, posting_fields={"timing": "recurring", "daypart_mask": 1})
    assert ask_batch(session, SECOND, utcnow()) == (0, None)


def test_the_task_asks_once_however_often_it_runs(session, run_lifecycle):
    accepted_response()
    assert run_lifecycle("lifecycle.send_followups") == 2
    assert run_lifecycle("lifecycle.send_followups") == 0
    assert session.scalar(select(func.count()).select_from(FollowUp)) == 2
    assert session.scalar(select(func.count()).select_from(Notification)) == 2


def test_the_task_works_through_more_than_one_batch(session, run_lifecycle, monkeypatch):
    from marketplace.followups import services

    monkeypatch.setattr(services, "BATCH_SIZE", 1)
    for _ in range(3):
        accepted_response()
    assert run_lifecycle("lifecycle.send_followups") == 6
