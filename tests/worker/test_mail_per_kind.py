"""New volunteers: a daily digest, and mail straight away only for a request close by and
soon; per kind of message a switch, and the unsubscribe link in a mail stops that kind only.

Walked through the real path: the matching task writes the alert, the delivery task sends it
to a real SMTP server, and the link in the mail's List-Unsubscribe header is what is used.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from sqlalchemy import select

from marketplace.accounts.services import register_user
from marketplace.matching.services import request_matching
from marketplace.matching.urgency import CLOSE_BY_KM, SOON_DAYS
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.notifications.services import notify
from marketplace.postings.models import Timing
from marketplace.profiles.models import NotificationPreference
from marketplace.timestamps import local_today
from tests.conftest import log_in
from tests.factories import PostingFactory, person

DELIVER = "notifications.deliver_notification"


def new_volunteer(postcode: str = "3011"):
    """As a person who signed up now has it (Profile.for_new_person), ready to help."""
    return person(
        postcode,
        volunteer=True,
        notification_preference=NotificationPreference.DAILY,
        urgent_alerts=True,
    )


def request_on(days_ahead: int):
    """A request in 3011 (the factory's place) on one day."""
    return PostingFactory(
        published=True,
        timing=Timing.ONCE,
        once_on=local_today() + timedelta(days=days_ahead),
        once_daypart="morning",
    )


def matched_alert(run_task, session, posting, volunteer) -> Notification:
    match_request = request_matching(session, posting)
    session.commit()
    run_task("matching.match_posting", match_request.id)
    session.expire_all()
    return session.scalars(
        select(Notification)
        .where(Notification.recipient_id == volunteer.id)
        .where(Notification.kind == NotificationKind.NEW_MATCH)
        .where(Notification.link_path.endswith(f"/{posting.id}"))
    ).one()


def test_someone_who_signs_up_starts_on_a_daily_digest_with_urgent_alerts(session):
    user = register_user(session, "nieuw@example.org", "een lang wachtwoord 42", "Nieuwe Buur")
    session.commit()
    assert user.profile.notification_preference == NotificationPreference.DAILY
    assert user.profile.urgent_alerts is True


def test_close_by_and_soon_is_two_kilometres_and_three_days():
    assert (CLOSE_BY_KM, SOON_DAYS) == (2.0, 3)


def test_a_request_close_by_and_soon_is_mailed_straight_away_to_a_new_volunteer(
    run_task, session, smtp_server
):
    volunteer = new_volunteer()
    alert = matched_alert(run_task, session, request_on(days_ahead=1), volunteer)
    assert alert.send_email is True
    run_task(DELIVER, alert.id)
    assert [message["To"] for message in smtp_server.messages] == [volunteer.email]


def test_a_request_further_away_waits_for_the_digest(run_task, session, smtp_server):
    volunteer = new_volunteer("3022")  # 2.7 km from 3011
    alert = matched_alert(run_task, session, request_on(days_ahead=1), volunteer)
    assert alert.send_email is False
    run_task(DELIVER, alert.id)
    assert smtp_server.messages == []


def test_a_request_next_week_waits_for_the_digest(run_task, session, smtp_server):
    volunteer = new_volunteer()
    alert = matched_alert(run_task, session, request_on(days_ahead=SOON_DAYS + 1), volunteer)
    assert alert.send_email is False


def test_someone_on_a_digest_from_before_gets_no_urgent_mail(run_task, session):
    """Existing people keep what they chose: urgent alerts start off for them."""
    volunteer = person("3011", volunteer=True, notification_preference="daily")
    alert = matched_alert(run_task, session, request_on(days_ahead=1), volunteer)
    assert alert.send_email is False


def test_the_unsubscribe_link_of_an_alert_stops_new_requests_only(
    run_task, client, session, smtp_server
):
    volunteer = new_volunteer()
    alert = matched_alert(run_task, session, request_on(days_ahead=1), volunteer)
    run_task(DELIVER, alert.id)
    header = smtp_server.messages[0]["List-Unsubscribe"]
    link = urlsplit(header.strip("<>")).path

    page = client.get(link)
    assert "Geen e-mails meer over: nieuwe oproepen die bij u passen" in page.get_data(as_text=True)
    answer = client.post(link, data={"List-Unsubscribe": "One-Click"})
    assert answer.status_code == 302
    session.expire_all()
    profile = volunteer.profile
    assert (profile.mail_matches, profile.mail_messages, profile.mail_reminders) == (
        False,
        True,
        True,
    )
    assert profile.notification_preference == NotificationPreference.DAILY
    assert "nieuwe oproepen die bij u passen" in client.get(answer.headers["Location"]).get_data(
        as_text=True
    )

    # A message still comes by mail; the next new request does not.
    message = notify(session, volunteer, NotificationKind.NEW_MESSAGE, "message:1", sender_name="A")
    later = matched_alert(run_task, session, request_on(days_ahead=2), volunteer)
    assert message.send_email is True
    assert later.send_email is False


def test_the_switches_on_the_settings_page_turn_each_kind_off(client, session):
    volunteer = new_volunteer()
    log_in(client, volunteer)
    page = client.get("/profiel/meldingen").get_data(as_text=True)
    assert (
        page.index("Hoe vaak wilt u e-mail?")
        < page.index("pauze")
        < page.index("Waarover wilt u e-mail?")
    )
    response = client.post("/profiel/meldingen/onderwerpen", data={"messages": "y"})
    assert response.status_code == 302
    session.expire_all()
    profile = volunteer.profile
    assert (
        profile.mail_matches,
        profile.mail_messages,
        profile.mail_reminders,
        profile.mail_organisations,
    ) == (False, True, False, False)
    reminder = notify(session, volunteer, NotificationKind.FOLLOW_UP, "f:1", posting_title="x")
    assert reminder.send_email is False
