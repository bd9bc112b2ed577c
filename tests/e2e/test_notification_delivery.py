"""A notification travels the real way: outbox row, relay, broker, worker process, SMTP."""

from __future__ import annotations

import pytest

from marketplace.notifications.models import Notification, NotificationKind, NotificationStatus
from marketplace.notifications.services import notify
from tests.factories import person

pytestmark = pytest.mark.e2e


def test_worker_delivers_a_committed_notification_over_smtp(e2e, session):
    user = person()
    key = f"confirm-email:{user.id}:e2e"
    notification = notify(
        session,
        user,
        NotificationKind.CONFIRM_EMAIL,
        key,
        link_path="/bevestigen/e2e-token",
        valid_hours=168,
    )
    session.commit()  # the relay publishes only now, after the commit

    mail = e2e.smtp.wait_for(lambda m: m.header("X-Buurthulp-Notification") == key)
    assert mail.rcpt_tos == [user.email]
    assert mail.subject == notification.subject
    assert "http://localhost/bevestigen/e2e-token" in mail.links

    delivered = e2e.wait_until(
        lambda: session.get(Notification, notification.id).status == NotificationStatus.SENT,
        what="notification marked sent",
    )
    assert delivered
    assert session.get(Notification, notification.id).sent_at is not None
    assert len(e2e.smtp.mails_to(user.email)) == 1
