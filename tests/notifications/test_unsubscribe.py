"""One-click unsubscribe (RFC 8058): a signed link that works without logging in."""

from __future__ import annotations

from marketplace.accounts.tokens import make_token
from marketplace.notifications.models import NotificationKind
from marketplace.notifications.services import notify
from marketplace.notifications.unsubscribe import UNSUBSCRIBE_PLACEHOLDER, make_unsubscribe_token
from marketplace.profiles.models import NotificationPreference
from tests.factories import PostingFactory, person


def link_for(app, user) -> str:
    nonce = user.profile.unsubscribe_nonce if user.profile else ""
    token = make_unsubscribe_token(app.config["SECRET_KEY"], user.id, nonce)
    return f"/meldingen/afmelden/{token}"


def preference(session, user) -> str:
    session.expire_all()
    return user.profile.notification_preference


def test_opening_the_link_shows_one_button_and_changes_nothing(app, client, session):
    user = person()
    page = client.get(link_for(app, user))
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Ja, stuur mij geen e-mails meer" in text
    assert "/profiel/meldingen" in text
    assert preference(session, user) == NotificationPreference.INSTANT


def test_pressing_the_button_switches_email_off_without_logging_in(app, client, session):
    user = person(notification_preference=NotificationPreference.DAILY)
    response = client.post(link_for(app, user))
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/meldingen/afgemeld")
    assert preference(session, user) == NotificationPreference.OFF


def test_a_mail_program_one_click_post_works_with_csrf_protection_on(
    app, client, session, csrf_enabled
):
    user = person()
    response = client.post(link_for(app, user), data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 302
    assert preference(session, user) == NotificationPreference.OFF


def test_a_used_link_works_no_more_and_offers_the_settings_after_log_in(app, client, session):
    user = person()
    link = link_for(app, user)
    assert client.post(link).status_code == 302
    again = client.post(link)
    assert again.status_code == 410
    assert "Deze afmeldlink werkt niet meer" in again.text
    assert "/inloggen?next=/profiel/meldingen" in again.text.replace("%2F", "/")
    assert preference(session, user) == NotificationPreference.OFF


def test_the_confirmation_page_links_to_the_settings(client):
    page = client.get("/meldingen/afgemeld")
    assert page.status_code == 200
    assert "/profiel/meldingen" in page.get_data(as_text=True)


def test_a_changed_link_is_not_found_and_changes_nothing(app, client, session):
    user = person()
    response = client.post(link_for(app, user)[:-3] + "abc")
    assert response.status_code == 404
    assert preference(session, user) == NotificationPreference.INSTANT


def test_a_token_made_for_another_purpose_does_not_unsubscribe(app, client, session):
    user = person()
    confirm_token = make_token("confirm-email", {"u": user.id, "p": "unsubscribe"})
    assert client.post(f"/meldingen/afmelden/{confirm_token}").status_code == 404
    assert preference(session, user) == NotificationPreference.INSTANT


def test_a_link_for_someone_who_left_is_not_found(app, client):
    link = f"/meldingen/afmelden/{make_unsubscribe_token(app.config['SECRET_KEY'], 987654)}"
    assert client.get(link).status_code == 404


def test_get_on_the_link_by_a_logged_in_stranger_changes_nothing(app, client, session):
    from tests.conftest import log_in

    user, stranger = person(), person()
    log_in(client, stranger)
    client.get(link_for(app, user))
    assert preference(session, user) == NotificationPreference.INSTANT
    assert preference(session, stranger) == NotificationPreference.INSTANT


def test_every_notification_footer_links_to_settings_and_to_unsubscribe(app, session):
    user = person()
    notification = notify(
        session,
        user,
        NotificationKind.POSTING_APPROVED,
        "approved:test",
        link_path="/oproepen/1",
        posting=PostingFactory(published=True),
    )
    assert "http://localhost/profiel/meldingen" in notification.body
    # The link itself is made as the mail goes out (test_unsubscribe_links.py).
    assert UNSUBSCRIBE_PLACEHOLDER in notification.body
    assert "/meldingen/afmelden/" not in notification.body


def test_account_mail_has_no_unsubscribe_link(app, session):
    user = person()
    notification = notify(
        session,
        user,
        NotificationKind.CONFIRM_EMAIL,
        "confirm:test",
        link_path="/bevestigen/abc",
        valid_hours=168,
    )
    assert "/meldingen/afmelden/" not in notification.body
    assert "http://localhost/profiel/meldingen" in notification.body
