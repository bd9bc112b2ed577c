"""Dormant accounts: 24 months without a log-in, a warning mail, a month later erased."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.retention import policy, services
from marketplace.timestamps import utcnow
from tests.factories import MembershipFactory, UserFactory, person

DAY = timedelta(days=1)
purge = services.purge_dormant_accounts


def run(now, limit: int = 100) -> int:
    count = purge(db.session, now, limit)
    db.session.commit()
    return count


def warnings(user) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification).where(
                Notification.recipient_id == user.id,
                Notification.kind == NotificationKind.DORMANT_ACCOUNT,
            )
        )
    )


def test_nothing_happens_before_24_months_without_a_log_in(session):
    user = person()
    user.last_login_at = utcnow()
    session.commit()
    assert run(utcnow() + policy.DORMANT_ACCOUNTS - DAY) == 0
    assert warnings(user) == []


def test_after_24_months_a_mail_then_a_month_later_the_account_is_erased(session):
    user = person(display_name="Mehmet")
    user.last_login_at = utcnow()
    session.commit()
    warn_at = utcnow() + policy.DORMANT_ACCOUNTS + DAY
    assert run(warn_at) == 1
    [mail] = warnings(user)
    assert mail.subject == "Wij verwijderen uw account over een maand, tenzij u inlogt"
    assert mail.send_email and mail.link_path == "/inloggen"
    assert "Beste Mehmet" in mail.body
    # Idempotent: a second run the same night mails nobody again and erases nothing.
    assert run(warn_at) == 0
    assert run(warn_at + policy.DORMANT_WARNING - DAY) == 0
    assert user.erased_at is None
    assert run(warn_at + policy.DORMANT_WARNING + DAY) == 1
    session.refresh(user)
    assert user.erased_at is not None
    assert run(warn_at + policy.DORMANT_WARNING + 2 * DAY) == 0


def test_someone_who_never_logged_in_counts_from_sign_up(session):
    user = person()
    assert user.last_login_at is None
    assert run(utcnow() + policy.DORMANT_ACCOUNTS + DAY) == 1
    assert len(warnings(user)) == 1


def test_logging_in_after_the_warning_keeps_the_account(session):
    user = person()
    user.last_login_at = utcnow()
    session.commit()
    warn_at = utcnow() + policy.DORMANT_ACCOUNTS + DAY
    run(warn_at)
    user.last_login_at = warn_at + 2 * DAY  # the person logs in after the mail
    session.commit()
    assert run(warn_at + policy.DORMANT_WARNING + 3 * DAY) == 0
    session.refresh(user)
    assert user.erased_at is None
    # Another 24 months without a log-in: a new warning, not the old one.
    later = user.last_login_at + policy.DORMANT_ACCOUNTS + DAY
    assert run(later) == 1
    assert len(warnings(user)) == 2


def test_accounts_with_a_role_or_membership_are_kept_and_listed(session):
    moderator = UserFactory(moderator=True)
    staff = MembershipFactory(user=person()).user
    plain = person()
    now = utcnow() + policy.DORMANT_ACCOUNTS + policy.DORMANT_WARNING + 3 * DAY
    run(now)
    run(now + policy.DORMANT_WARNING + DAY)
    for user in (moderator, staff):
        session.refresh(user)
        assert user.erased_at is None and warnings(user) == []
    session.refresh(plain)
    assert plain.erased_at is not None
    kept = services.kept_dormant_accounts(session, now)
    assert {moderator.id, staff.id} <= {user.id for user in kept}


def test_work_goes_in_batches(session):
    users = [person() for _ in range(3)]
    now = utcnow() + policy.DORMANT_ACCOUNTS + DAY
    assert run(now, limit=2) == 2
    assert run(now, limit=2) == 1
    assert run(now, limit=2) == 0
    assert all(len(warnings(user)) == 1 for user in users)
