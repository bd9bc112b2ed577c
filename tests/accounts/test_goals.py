"""The goal survives signing up (issue 12), in the order the site leads a guest: she starts,
makes an account on the way, answers only what she needs now, confirms from the mail and
lands where she was going, with what she typed kept. Never an open redirect."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.extensions import db
from marketplace.notifications.models import NotificationKind
from marketplace.postings.models import Posting, PostingStatus
from tests.accounts.helpers import link_in_last_mail
from tests.conftest import log_in
from tests.factories import PostingFactory, category, person

PASSWORD = "fiets markt regen zon"
ACCOUNT = {"display_name": "Annie", "password": PASSWORD, "password_again": PASSWORD}
STEP1 = {"title": "Wie doet mijn boodschappen?", "description": "Ik kan niet goed lopen."}


def _user(email: str) -> User:
    return db.session.scalars(select(User).where(User.email == email)).one()


def _confirm(client, email: str):
    return client.get(link_in_last_mail(_user(email), NotificationKind.CONFIRM_EMAIL))


def test_a_guest_asking_for_help_goes_back_to_her_draft_after_confirming(client):
    step1 = {"category_id": category("boodschappen").id, **STEP1}
    account_page = client.post("/oproepen/vragen/", data=step1)
    assert account_page.status_code == 200
    assert "Maak een account om uw vraag te bewaren" in account_page.text
    assert STEP1["description"] in account_page.text  # carried along, nothing lost

    made = client.post(
        "/oproepen/vragen/account", data={**step1, **ACCOUNT, "email": "annie@example.org"}
    )
    assert made.headers["Location"].endswith("/profiel/contact")
    draft = db.session.scalars(select(Posting)).one()
    assert (draft.title, draft.status) == (STEP1["title"], PostingStatus.DRAFT)

    contact = client.get("/profiel/contact")
    assert "Vrijwilligers bellen vaak" in contact.text
    assert "(verplicht)" in contact.text
    saved = client.post("/profiel/contact", data={"postcode": "3011 AB", "phone": "06 1234 5678"})
    assert saved.headers["Location"].endswith("/bevestigen")
    assert "Daarna gaat u verder met uw vraag" in client.get("/bevestigen").text

    back = _confirm(client, "annie@example.org")
    assert back.headers["Location"] == f"/oproepen/vragen/{draft.id}/verder"
    step3 = client.get(back.headers["Location"])
    assert step3.headers["Location"] == f"/oproepen/vragen/{draft.id}/wanneer"
    db.session.refresh(draft)
    assert draft.postcode == "3011 AB"  # the postcode she just gave; step 4 can change it


def test_the_account_page_keeps_her_text_when_the_password_is_refused(client):
    step1 = {"category_id": category("boodschappen").id, **STEP1}
    page = client.post(
        "/oproepen/vragen/account",
        data={**step1, **ACCOUNT, "email": "annie@example.org", "password_again": "anders"},
    )
    assert page.status_code == 422
    assert STEP1["description"] in page.text
    assert db.session.scalars(select(Posting)).all() == []


def test_the_contact_questions_need_a_phone_number(client):
    log_in(client, person(phone=None))
    page = client.post("/profiel/contact", data={"postcode": "3011 AB", "phone": ""})
    assert page.status_code == 422
    assert "Vul uw telefoonnummer in" in page.text


def test_a_guest_who_says_ik_help_comes_back_to_the_response_form(client):
    posting = PostingFactory(published=True)
    detail = client.get(f"/oproepen/{posting.id}")
    respond = f"/oproepen/{posting.id}/reageren"
    assert f'href="/registreren?doel=reageren&amp;next={respond}">Ik help!</a>' in detail.text

    made = client.post(
        f"/registreren?doel=reageren&next={respond}", data={**ACCOUNT, "email": "k@example.org"}
    )
    assert made.headers["Location"].endswith("/bevestigen")
    assert _confirm(client, "k@example.org").headers["Location"] == respond


def test_a_goal_elsewhere_is_not_kept(client):
    client.post(
        "/registreren?doel=reageren&next=//evil.example/x",
        data={**ACCOUNT, "email": "e@example.org"},
    )
    assert _confirm(client, "e@example.org").headers["Location"] == "/"


def test_ik_wil_helpen_explains_and_invites_a_visitor(client):
    page = client.get("/ik-wil-helpen")
    assert page.status_code == 200
    assert page.text.count("<li>") >= 3
    assert "/registreren?doel=helpen" in page.text
    assert 'href="/ik-wil-helpen"' in client.get("/").text


def test_ik_wil_helpen_leads_someone_with_an_account_to_the_volunteer_questions(client):
    log_in(client, person())
    assert client.get("/ik-wil-helpen").headers["Location"].endswith("/profiel/helpen")


def test_ik_wil_helpen_leads_a_volunteer_to_the_list(client):
    log_in(client, person(volunteer=True))
    assert client.get("/ik-wil-helpen").headers["Location"].endswith("/oproepen/")


def test_the_volunteer_questions_need_an_interest_and_say_why(client):
    log_in(client, person())
    page = client.post("/profiel/helpen", data={"postcode": "3011 AB", "radius_km": "5"})
    assert page.status_code == 422
    assert "Zonder keuze sturen we u geen oproepen" in page.text


def test_a_shortcut_fills_in_the_weekend_without_saving(client):
    user = person()
    log_in(client, user)
    page = client.post(
        "/profiel/helpen",
        data={"postcode": "3011 AB", "radius_km": "5", "patroon": "weekend"},
    )
    assert page.status_code == 200
    assert page.text.count("checked") == 6  # saturday and sunday, three parts each
    assert 'value="sat-evening" checked' in page.text
    db.session.refresh(user.profile)
    assert not user.profile.wants_to_help


def test_the_profile_page_has_the_shortcuts_too(client):
    log_in(client, person())
    page = client.post("/profiel/", data={"display_name": "A", "patroon": "ochtenden"})
    assert page.status_code == 200
    assert page.text.count('-morning" checked') == 7
