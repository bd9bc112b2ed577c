from marketplace.profiles.models import Profile
from tests.conftest import log_in
from tests.factories import PASSWORD, UserFactory, person
from tests.profiles.helpers import is_checked


def test_visitor_is_sent_to_log_in_and_back_to_the_settings(client):
    response = client.get("/profiel/meldingen")
    assert response.status_code == 302
    assert response.headers["Location"] == "/inloggen?next=%2Fprofiel%2Fmeldingen"


def test_visitor_cannot_change_settings(client, session):
    response = client.post(
        "/profiel/meldingen", data={"notification_preference": "off", "weekly_alert_cap": "3"}
    )
    assert response.status_code == 302
    assert session.query(Profile).count() == 0


def test_owner_sees_every_choice_explained_and_their_current_one_chosen(client):
    log_in(client, person(notification_preference="weekly", weekly_alert_cap=8))
    page = client.get("/profiel/meldingen").get_data(as_text=True)
    assert "Meteen: u krijgt een e-mail zodra er een oproep is die bij u past." in page
    assert "Eén keer per dag" in page
    assert "Geen e-mail" in page
    assert is_checked(page, "notification_preference-2")
    assert 'value="8"' in page


def test_saving_stores_the_preference_and_the_weekly_cap(client, session):
    user = person()
    log_in(client, user)
    response = client.post(
        "/profiel/meldingen", data={"notification_preference": "daily", "weekly_alert_cap": "12"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/profiel/meldingen"
    session.refresh(user.profile)
    assert user.profile.notification_preference == "daily"
    assert user.profile.weekly_alert_cap == 12
    assert "Uw keuze voor e-mails is opgeslagen." in client.get("/profiel/meldingen").get_data(
        as_text=True
    )


def test_weekly_cap_outside_1_to_20_is_refused_and_kept(client, session):
    user = person(weekly_alert_cap=5)
    log_in(client, user)
    for cap in ("0", "21", "twee", ""):
        response = client.post(
            "/profiel/meldingen", data={"notification_preference": "off", "weekly_alert_cap": cap}
        )
        page = response.get_data(as_text=True)
        assert response.status_code == 422, cap
        assert "Kies een aantal van 1 tot en met 20." in page
        assert f'value="{cap}"' in page
        assert is_checked(page, "notification_preference-3")
    session.refresh(user.profile)
    assert user.profile.weekly_alert_cap == 5


def test_made_up_preference_is_refused(client, session):
    user = person()
    log_in(client, user)
    response = client.post(
        "/profiel/meldingen", data={"notification_preference": "hourly", "weekly_alert_cap": "5"}
    )
    assert response.status_code == 422
    assert "Kies hoe vaak u een e-mail wilt krijgen." in response.get_data(as_text=True)
    session.refresh(user.profile)
    assert user.profile.notification_preference == "instant"


def test_person_without_a_profile_gets_one_when_saving_settings(client, session):
    user = UserFactory()
    log_in(client, user)
    assert client.get("/profiel/meldingen").status_code == 200
    client.post(
        "/profiel/meldingen", data={"notification_preference": "off", "weekly_alert_cap": "2"}
    )
    profile = session.get(Profile, user.id)
    assert profile.notification_preference == "off"
    assert profile.weekly_alert_cap == 2


def test_settings_form_is_protected_against_cross_site_posts(client, session, csrf_enabled):
    user = person()
    log_in(client, user)
    response = client.post(
        "/profiel/meldingen", data={"notification_preference": "off", "weekly_alert_cap": "2"}
    )
    assert response.status_code == 400
    session.refresh(user.profile)
    assert user.profile.notification_preference == "instant"


def test_link_from_an_email_leads_through_log_in_back_to_the_settings(client):
    user = person()
    login_url = client.get("/profiel/meldingen").headers["Location"]
    client.get(login_url)
    response = client.post(
        login_url, data={"email": user.email, "password": PASSWORD, "next": "/profiel/meldingen"}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/profiel/meldingen"
    assert client.get("/profiel/meldingen").status_code == 200
