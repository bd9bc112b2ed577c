"""Staff serving a wijk hear when a request there lands on "Hulp gezocht": in the app at
once, and in one mail a day."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from marketplace.escalation.services import escalate_batch
from marketplace.extensions import db
from marketplace.matchmaking.wijk_alerts import send_daily_mail
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.profiles.models import NotificationPreference
from marketplace.timestamps import local_today, utcnow
from tests.factories import PostingFactory, person
from tests.matchmaking.conftest import worker


def _land_on_the_list():
    posting = PostingFactory(
        published=True, published_at=utcnow() - timedelta(days=8), author=person()
    )
    for _ in range(3):  # one step per run: wider, widest, listed
        escalate_batch(db.session, utcnow())
    db.session.commit()
    return posting


def _of_kind(kind):
    return db.session.scalars(
        select(Notification).where(Notification.kind == kind).order_by(Notification.id)
    ).all()


def test_staff_serving_the_wijk_are_told_in_the_app(session):
    staff, elsewhere = worker(), worker(neighbourhoods="Kralingen")
    _land_on_the_list()
    [told] = _of_kind(NotificationKind.UNANSWERED_NEARBY)
    assert told.recipient_id == staff.id
    assert told.show_in_app and not told.send_email
    assert elsewhere.id != told.recipient_id


def test_the_daily_mail_gathers_the_day_once(session):
    staff = worker()
    _land_on_the_list()
    assert send_daily_mail(session, local_today()) == 1
    assert send_daily_mail(session, local_today()) == 0
    [mail] = _of_kind(NotificationKind.UNANSWERED_DIGEST)
    assert mail.recipient_id == staff.id and mail.send_email and not mail.show_in_app


def test_no_daily_mail_for_staff_who_chose_no_mail(session):
    staff = worker()
    staff.profile.notification_preference = NotificationPreference.OFF
    db.session.commit()
    _land_on_the_list()
    assert send_daily_mail(session, local_today()) == 0
