"""Mijn gegevens: everything about the person, nothing about others they did not see."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from marketplace.my_data.export import collect_my_data
from marketplace.security_log import read_security_events, security_log_dir
from tests.conftest import log_in
from tests.factories import (
    PASSWORD_HASH,
    MessageFactory,
    PostingFactory,
    ResponseFactory,
    UserFactory,
)
from tests.my_data.conftest import (
    CLIENT_PHONE,
    EMAIL,
    NAME,
    PHONE,
    POSTCODE,
    STRANGER_SECRET,
)


def _download(client, world):
    log_in(client, world.anna)
    response = client.get("/mijn-gegevens/download")
    assert response.status_code == 200
    return response, json.loads(response.get_data(as_text=True))


def test_the_download_holds_every_kind_of_data_about_the_person(client, world):
    _, data = _download(client, world)
    assert data["account"]["email"] == EMAIL
    assert data["profile"]["display_name"] == NAME
    assert data["profile"]["phone"] == PHONE
    assert data["profile"]["postcode"] == POSTCODE
    assert data["profile"]["interests"] == ["Boodschappen"]
    assert data["postings"][0]["title"] == "Boodschappen voor Annabel"
    assert "language" in data["postings"][0]
    assert {r["message"] for r in data["responses"]} >= {"Ik ben Annabel.", "Ik wil graag helpen."}
    conversation = next(c for c in data["conversations"] if c["with_name"] == "Bert Helper")
    assert [m["from_me"] for m in conversation["messages"]] == [False, True]
    assert conversation["first_message"] == "Ik kan dinsdag helpen."
    assert [n["subject"] for n in data["notifications"]] == ["Nieuw bericht"]
    assert data["memberships"][0]["organisation"] == "Welzijn Zuid"
    assert data["staff_invitations"][0]["organisation"] == "Buurtwerk West"
    assert data["applications"][0]["notes"][0]["body"] == "Aardig gesprek."
    assert data["hours"][0]["hours"] == "2.50"
    assert data["references"][0]["body"] == "Annabel is betrouwbaar."
    assert data["follow_ups"][0]["answer"] == "yes"
    assert data["reports"][0]["reason"] == "Dit lijkt op reclame."
    assert data["match_suggestions"][0]["posting_title"] == "Ik doe graag boodschappen"
    linked = data["client_records"][0]
    assert linked["phone"] == CLIENT_PHONE and linked["notes"] == "Slecht ter been"


def test_the_download_leaves_out_keys_and_other_peoples_data(client, world):
    response, data = _download(client, world)
    text = response.get_data(as_text=True)
    assert "password" not in text and PASSWORD_HASH not in text
    assert STRANGER_SECRET not in text
    assert "Carla zoekt hulp" not in text
    assert "Onaardig" not in text  # a report about her is the reporter's, not hers
    # Invited by e-mail but never accepted: only what the invitation said.
    invited = data["client_records"][1]
    assert set(invited) == {"organisation", "name", "invited_at"}
    assert "Niet aan Annabel laten zien" not in text and "010 111 2222" not in text


def test_the_download_is_a_json_attachment_that_is_not_cached(client, world):
    response, _ = _download(client, world)
    assert response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    assert "no-store" in response.headers["Cache-Control"]


def test_the_download_is_logged_as_a_security_event(client, world):
    _download(client, world)
    events = [
        event
        for day_file in Path(security_log_dir()).glob("security-*.jsonl")
        for event in read_security_events(day_file)
    ]
    assert {"event": "data.export", "user_id": world.anna.id}.items() <= events[-1].items()


def test_the_readable_page_shows_the_same_data_in_words(client, world):
    log_in(client, world.anna)
    page = client.get("/mijn-gegevens").get_data(as_text=True)
    for text in (
        EMAIL,
        NAME,
        PHONE,
        "Boodschappen voor Annabel",
        "Welzijn Zuid",
        "Slecht ter been",
    ):
        assert text in page
    assert "Hulpvraag" in page and "Zichtbaar" in page  # codes as words
    assert STRANGER_SECRET not in page


def test_the_readable_page_is_in_english_for_an_english_reader(client, world):
    world.anna.locale = "en"
    log_in(client, world.anna)
    page = client.get("/mijn-gegevens").get_data(as_text=True)
    assert 'lang="en"' in page


@pytest.mark.parametrize("path", ["/mijn-gegevens", "/mijn-gegevens/download"])
def test_my_data_needs_a_log_in(client, path):
    response = client.get(path)
    assert response.status_code == 302 and "/inloggen" in response.headers["Location"]


def test_someone_without_a_profile_gets_an_export_too(session):
    user = UserFactory()
    data = collect_my_data(session, user)
    assert data["profile"] is None and data["postings"] == []


def test_the_profile_page_and_the_menu_link_to_my_data(client, world):
    log_in(client, world.anna)
    assert "/mijn-gegevens" in client.get("/profiel/bewerken").get_data(as_text=True)
    assert "/mijn-gegevens" in client.get("/menu").get_data(as_text=True)


def test_mails_she_had_sent_to_someone_else_are_not_hers_but_her_staff_messages_are(session, world):
    from marketplace.notifications.models import Notification

    session.add(
        Notification(
            recipient=world.anna,
            kind="client_invite",
            idempotency_key="invite-for-someone",
            to_email="iemand.anders@example.org",
            subject="Uw hulpvragen op Buurthulp",
            body="Beste cliënt, klik op deze link",
            send_email=True,
            show_in_app=False,
        )
    )
    carla_request = PostingFactory(author=world.carla, published=True, title="Vraag van Carla")
    talk = ResponseFactory(posting=carla_request, responder=world.bert)
    MessageFactory(response=talk, sender=world.anna, body="Namens de organisatie: gaat het?")
    session.commit()
    data = collect_my_data(session, world.anna)
    assert "iemand.anders@example.org" not in json.dumps(data)
    bodies = [m["body"] for c in data["conversations"] for m in c["messages"]]
    assert "Namens de organisatie: gaat het?" in bodies


def test_the_download_holds_consent_hand_overs_sessions_two_factor_and_the_wijk_choice(
    client, session, world
):
    from marketplace.timestamps import utcnow

    world.client.consent_at = utcnow()
    session.commit()
    _, data = _download(client, world)
    linked = data["client_records"][0]
    assert linked["consent_at"] == world.client.consent_at.isoformat()
    # Which volunteer got her name and phone number (the recipients, AVG art. 15(1)(c)).
    [hand_over] = linked["hand_overs"]
    assert hand_over["volunteer"] == world.carla.profile.display_name
    assert (hand_over["name_shared"], hand_over["phone_shared"]) == ("Annabel Z.", CLIENT_PHONE)
    assert data["account"]["two_factor"] is True
    assert data["account"]["two_factor_since"]
    assert data["profile"]["shows_neighbourhood"] is False
    [log_in_session] = data["sessions"]  # the one the download was made in
    assert set(log_in_session) == {"browser", "created_at", "last_seen_at", "remember"}


def test_the_page_says_the_security_log_is_available_on_request(client, world):
    log_in(client, world.anna)
    page = client.get("/mijn-gegevens").get_data(as_text=True)
    assert "Tweestapsverificatie aan" in page and "Waar u bent ingelogd" in page
    assert "Gedeeld met een vrijwilliger" in page
    assert "Ons beveiligingslogboek" in page and "Vraag het ons" in page
    statement = client.get("/privacy").get_data(as_text=True)
    assert "Ons beveiligingslogboek" in statement
