"""Each retention rule, with the clock moved past its period (``now`` is handed in)."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

from flask import current_app
from sqlalchemy import func, select

from marketplace.accounts.models import User
from marketplace.extensions import db
from marketplace.notifications.models import NotificationStatus
from marketplace.postings.models import Posting, PostingStatus
from marketplace.responses.models import ThankYouNote
from marketplace.retention import policy, services
from marketplace.timestamps import LOCAL_TIME, utcnow
from tests.factories import MessageFactory, PostingFactory, UserFactory, person
from tests.intake.helpers import ClientFactory
from tests.notifications.factories import NotificationFactory

DAY = timedelta(days=1)


def later(period: timedelta, extra: timedelta = DAY):
    """The clock moved forward past ``period``."""
    return utcnow() + period + extra


def run(purge, now) -> int:
    count = purge(db.session, now, 100)
    db.session.commit()
    return count


def test_message_and_response_text_is_wiped_after_twelve_months(session):
    message = MessageFactory(body="Ik woon op de Hoogstraat 12.")
    response_id, message_id = message.response_id, message.id
    assert run(services.purge_message_bodies, later(policy.MESSAGE_BODIES - 2 * DAY)) == 0
    now = later(policy.MESSAGE_BODIES)
    assert run(services.purge_message_bodies, now) == 1  # the message
    assert run(services.purge_message_bodies, now) == 1  # the response's own text
    session.expire_all()
    assert session.get(type(message), message_id).body == ""
    assert session.get(type(message.response), response_id).message == ""
    assert run(services.purge_message_bodies, now) == 0


def test_notification_text_and_address_are_wiped_after_three_months_once_sent(session):
    sent = NotificationFactory(status=NotificationStatus.SENT, body="Beste Anna, ...")
    waiting = NotificationFactory(status=NotificationStatus.PENDING)
    now = later(policy.NOTIFICATION_CONTENT)
    assert run(services.purge_notification_content, now) == 1
    session.expire_all()
    assert (sent.subject, sent.body, sent.to_email, sent.show_in_app) == ("", "", "", False)
    assert sent.idempotency_key  # kept: the same notice is never sent twice
    assert waiting.body != ""
    assert run(services.purge_notification_content, now) == 0


def test_an_ended_posting_is_anonymised_after_twelve_months_and_keeps_its_figures(session):
    client_record = ClientFactory(name="Mevrouw J.")
    posting = PostingFactory(
        status=PostingStatus.CLOSED,
        closed_at=utcnow(),
        postcode="3011 AB",
        on_behalf_of="Mevrouw J.",
        client_id=client_record.id,
        volunteer_note="Bel twee keer.",
        language="tr",
    )
    running = PostingFactory(published=True)
    assert run(services.purge_ended_postings, later(policy.ENDED_POSTINGS, -DAY)) == 0
    now = later(policy.ENDED_POSTINGS)
    assert run(services.purge_ended_postings, now) == 1
    session.expire_all()
    assert posting.title == posting.category.name_nl
    assert posting.description == ""
    assert posting.on_behalf_of is None and posting.client_id is None
    assert posting.volunteer_note is None
    assert posting.language is None
    assert posting.postcode == "3011"
    assert posting.neighbourhood == "Stadsdriehoek" and posting.status == PostingStatus.CLOSED
    assert posting.anonymised_at is not None
    assert running.description != ""
    assert run(services.purge_ended_postings, now) == 0


def test_expired_and_rejected_postings_are_anonymised_too(session):
    PostingFactory(status=PostingStatus.EXPIRED, expired_at=utcnow())
    PostingFactory(rejected=True)
    assert run(services.purge_ended_postings, later(policy.ENDED_POSTINGS)) == 2


def test_a_draft_nobody_touched_for_thirty_days_is_deleted(session):
    old = PostingFactory(draft=True)
    submitted = PostingFactory()
    old_id = old.id
    now = later(policy.DRAFTS)
    assert run(services.purge_drafts, now) == 1
    assert session.get(Posting, old_id) is None
    assert session.get(Posting, submitted.id) is not None
    assert run(services.purge_drafts, now) == 0


def test_an_unconfirmed_account_is_erased_after_thirty_days(session):
    unconfirmed = person(user__email_confirmed_at=None, user__email="nooit.bevestigd@example.org")
    unconfirmed_id, confirmed_id = unconfirmed.id, person().id
    early = later(policy.UNCONFIRMED_ACCOUNTS, -2 * DAY)
    assert run(services.purge_unconfirmed_accounts, early) == 0
    now = later(policy.UNCONFIRMED_ACCOUNTS)
    assert run(services.purge_unconfirmed_accounts, now) == 1
    session.expire_all()
    erased = session.get(User, unconfirmed_id)
    assert erased.erased_at is not None and erased.profile is None
    assert "nooit.bevestigd" not in erased.email
    assert session.get(User, confirmed_id).erased_at is None
    assert run(services.purge_unconfirmed_accounts, now) == 0


def test_an_unconfirmed_account_with_a_role_is_left_for_an_admin(session):
    UserFactory(unconfirmed=True, moderator=True)
    assert run(services.purge_unconfirmed_accounts, later(policy.UNCONFIRMED_ACCOUNTS)) == 0


def test_a_client_record_goes_twelve_months_after_the_last_request_ended(session):
    ended = ClientFactory()
    PostingFactory(status=PostingStatus.CLOSED, closed_at=utcnow(), client_id=ended.id)
    still_helped = ClientFactory()
    PostingFactory(published=True, client_id=still_helped.id)
    ended_id = ended.id
    assert run(services.purge_client_records, later(policy.CLIENT_RECORDS, -2 * DAY)) == 0
    now = later(policy.CLIENT_RECORDS)
    assert run(services.purge_client_records, now) == 1
    session.expire_all()
    assert session.get(type(ended), ended_id) is None
    assert session.get(type(still_helped), still_helped.id) is not None
    assert session.scalar(select(func.count()).select_from(Posting)) == 2  # postings stay
    assert run(services.purge_client_records, now) == 0


def _security_log(day) -> Path:
    directory = Path(current_app.instance_path) / "logs"
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / f"security-{day.isoformat()}.jsonl"
    path.write_text('{"event": "login.failed"}\n', encoding="utf-8")
    return path


def test_security_log_days_older_than_the_period_are_deleted(session):
    today = utcnow().astimezone(LOCAL_TIME).date()
    old = _security_log(today - policy.SECURITY_LOG - DAY)
    recent = _security_log(today - policy.SECURITY_LOG + DAY)
    try:
        assert run(services.purge_security_log, utcnow()) == 1
        assert not old.exists() and recent.exists()
        assert run(services.purge_security_log, utcnow()) == 0
    finally:
        recent.unlink(missing_ok=True)


def test_mail_files_older_than_a_week_are_deleted(session):
    directory = Path(current_app.config["MAIL_OUTBOX_DIR"])
    directory.mkdir(parents=True, exist_ok=True)
    old, new = directory / "retention-old.eml", directory / "retention-new.eml"
    for path in (old, new):
        path.write_bytes(b"Subject: Wachtwoord\n\nhttp://localhost/reset/abc\n")
    week_ago = (utcnow() - policy.MAIL_FILES - DAY).timestamp()
    os.utime(old, (week_ago, week_ago))
    try:
        assert run(services.purge_mail_files, utcnow()) == 1
        assert not old.exists() and new.exists()
    finally:
        new.unlink(missing_ok=True)


def test_old_resolved_reports_and_audit_events_go_after_two_years(session):
    from tests.factories import ReportFactory

    ReportFactory(resolved_at=utcnow(), resolution="Klaar.")
    ReportFactory()  # still open: never deleted on a clock
    now = later(policy.RESOLVED_REPORTS)
    assert run(services.purge_resolved_reports, now) == 1
    assert run(services.purge_resolved_reports, now) == 0


def test_log_in_sessions_past_their_limits_are_deleted(session):
    from marketplace.accounts.sessions import UserSession, start_session

    start_session(db.session, person())
    db.session.commit()
    assert run(services.purge_ended_sessions, utcnow()) == 0
    now = later(policy.ENDED_SESSIONS)
    assert run(services.purge_ended_sessions, now) == 1
    assert session.scalar(select(func.count()).select_from(UserSession)) == 0
    assert run(services.purge_ended_sessions, now) == 0


def test_thank_you_text_is_wiped_after_twelve_months_too(session):
    response = MessageFactory().response
    response.message = ""  # only the thank-you left to wipe
    note = ThankYouNote(
        response=response, sender=response.responder, from_responder=True, body="Dank je!"
    )
    session.add(note)
    session.commit()
    for message in response.messages:
        message.body = ""
    session.commit()
    assert run(services.purge_message_bodies, later(policy.MESSAGE_BODIES - 2 * DAY)) == 0
    assert run(services.purge_message_bodies, later(policy.MESSAGE_BODIES)) == 1
    session.expire_all()
    assert session.get(ThankYouNote, note.id).body == ""
