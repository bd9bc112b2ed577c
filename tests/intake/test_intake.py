"""The phone intake: one page, a request for a client, a printable confirmation."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.intake.models import Client
from marketplace.postings.models import Posting, PostingStatus
from tests.conftest import log_in
from tests.factories import OrganisationFactory, UserFactory, category, person
from tests.intake.helpers import CLIENT_PHONE, ClientFactory


def intake_form(**changes):
    data = {
        "client_id": "new",
        "client_name": "Mevrouw J.",
        "client_postcode": "3011 AB",
        "client_phone": CLIENT_PHONE,
        "client_notes": "Hoort slecht.",
        "category_id": str(category("boodschappen").id),
        "title": "",
        "description": "Boodschappen halen bij de supermarkt om de hoek.",
        "timing": "flexible",
        "note_for_volunteer": "Bel twee keer aan.",
        "client_consent": "y",
    }
    data.update(changes)
    return data


def _only_posting() -> Posting:
    return db.session.scalars(select(Posting)).one()


def _client_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Client))


def test_the_intake_page_puts_the_cursor_in_the_first_field(client, organisation, staff):
    log_in(client, staff)
    page = client.get(f"/intake/{organisation.id}/nieuw").get_data(as_text=True)
    assert "<h1>Telefonische intake</h1>" in page
    assert page.count("autofocus") == 1
    assert "autofocus" in re.search(r'<input[^>]*id="q"[^>]*>', page).group(0)


def test_an_intake_posts_a_pending_request_for_a_new_client(client, organisation, staff):
    log_in(client, staff)
    answer = client.post(f"/intake/{organisation.id}/nieuw", data=intake_form())
    posting = _only_posting()
    assert answer.status_code == 302
    assert answer.headers["Location"].endswith(
        f"/intake/{organisation.id}/bevestiging/{posting.id}"
    )
    assert posting.status == PostingStatus.PENDING
    assert posting.kind == "request"
    assert posting.author_id == staff.id
    assert posting.organisation_id == organisation.id
    assert posting.on_behalf_of == "Mevrouw J."
    the_client = db.session.get(Client, posting.client_id)
    assert the_client.organisation_id == organisation.id
    assert the_client.phone == CLIENT_PHONE
    assert the_client.neighbourhood == posting.neighbourhood


def test_an_empty_title_becomes_one_made_from_the_category(client, organisation, staff):
    log_in(client, staff)
    client.post(f"/intake/{organisation.id}/nieuw", data=intake_form(title=""))
    assert _only_posting().title == "Hulp gezocht: boodschappen"


def test_the_note_for_the_volunteer_is_kept_apart_and_never_public(client, organisation, staff):
    log_in(client, staff)
    client.post(f"/intake/{organisation.id}/nieuw", data=intake_form())
    posting = _only_posting()
    assert posting.volunteer_note == "Bel twee keer aan."
    assert "Bel twee keer" not in posting.description
    assert "Bel twee keer aan." in client.get(f"/oproepen/{posting.id}").get_data(as_text=True)

    posting.status, posting.published_at = PostingStatus.PUBLISHED, posting.submitted_at
    db.session.commit()
    for viewer in (person(), UserFactory(moderator=True)):
        log_in(client, viewer)
        assert "Bel twee keer" not in client.get(f"/oproepen/{posting.id}").get_data(as_text=True)


def test_a_missing_client_name_keeps_everything_typed(client, organisation, staff):
    log_in(client, staff)
    answer = client.post(f"/intake/{organisation.id}/nieuw", data=intake_form(client_name=""))
    page = answer.get_data(as_text=True)
    assert answer.status_code == 422
    assert "Vul de voornaam of de voorletters in" in page
    assert "Boodschappen halen bij de supermarkt om de hoek." in page
    assert CLIENT_PHONE in page  # the staff member's own typing comes back
    assert _client_count() == 0


def test_an_unknown_postcode_is_refused_beside_the_postcode(client, organisation, staff):
    log_in(client, staff)
    answer = client.post(
        f"/intake/{organisation.id}/nieuw", data=intake_form(client_postcode="0000 AA")
    )
    assert answer.status_code == 422
    assert "Vul de postcode in zoals 3011 AB" in answer.get_data(as_text=True) or (
        "Deze postcode kennen we niet" in answer.get_data(as_text=True)
    )
    assert _client_count() == 0


def test_a_phone_number_in_the_name_box_is_refused(client, organisation, staff):
    log_in(client, staff)
    answer = client.post(
        f"/intake/{organisation.id}/nieuw", data=intake_form(client_name="Joke 0612345678")
    )
    assert answer.status_code == 422
    assert "geen cijfers" in answer.get_data(as_text=True)


def test_huge_text_gets_a_message_not_an_error_page(client, organisation, staff):
    log_in(client, staff)
    answer = client.post(
        f"/intake/{organisation.id}/nieuw",
        data=intake_form(description="x" * 10_000, note_for_volunteer="y" * 5000),
    )
    assert answer.status_code == 422
    assert "korter" in answer.get_data(as_text=True)


def test_a_refused_request_leaves_no_client_behind(client, organisation, staff):
    log_in(client, staff)
    answer = client.post(f"/intake/{organisation.id}/nieuw", data=intake_form(category_id="999999"))
    assert answer.status_code == 422
    assert _client_count() == 0


def test_a_search_offers_known_clients_to_choose_from(client, organisation, staff):
    ClientFactory(organisation=organisation, name="Kees", postcode="3012 AB")
    ClientFactory(organisation=OrganisationFactory(), name="Keesje")
    log_in(client, staff)
    page = client.get(f"/intake/{organisation.id}/nieuw?q=kees").get_data(as_text=True)
    assert "Kees · 3012 AB" in page
    assert "Keesje" not in page


def test_an_intake_for_a_known_client_adds_no_new_client(client, organisation, staff):
    known = ClientFactory(organisation=organisation, name="Kees", postcode="3012 AB")
    log_in(client, staff)
    answer = client.post(
        f"/intake/{organisation.id}/nieuw?client={known.id}",
        data=intake_form(client_id=str(known.id), client_name="", client_postcode=""),
    )
    assert answer.status_code == 302
    posting = _only_posting()
    assert posting.client_id == known.id
    assert posting.on_behalf_of == "Kees"
    assert posting.postcode == "3012 AB"
    assert _client_count() == 1


def test_a_client_of_another_organisation_cannot_be_chosen(client, organisation, staff):
    stranger = ClientFactory(organisation=OrganisationFactory())
    log_in(client, staff)
    answer = client.post(
        f"/intake/{organisation.id}/nieuw", data=intake_form(client_id=str(stranger.id))
    )
    assert answer.status_code == 422
    assert db.session.scalars(select(Posting)).first() is None


def test_a_bad_search_is_ignored_with_a_message(client, organisation, staff):
    log_in(client, staff)
    answer = client.get(f"/intake/{organisation.id}/nieuw?q=" + "a" * 300)
    assert answer.status_code == 200
    assert "hooguit 100 tekens" in answer.get_data(as_text=True)


def test_the_confirmation_shows_the_request_the_reference_and_the_phone(
    client, organisation, staff
):
    log_in(client, staff)
    client.post(f"/intake/{organisation.id}/nieuw", data=intake_form())
    posting = _only_posting()
    page = client.get(f"/intake/{organisation.id}/bevestiging/{posting.id}").get_data(as_text=True)
    assert f"BH-{posting.id:06d}" in page
    assert "010 222 3344" in page
    assert "Hulp gezocht: boodschappen" in page
    assert "Wij zoeken een vrijwilliger" in page
    assert re.search(r'href="/static/css/print-letter\.css(\?v=\w+)?" media="print"', page)  # A4
    assert "Hoort slecht." not in page  # notes are not for print


def test_the_client_list_shows_requests_and_their_status(client, organisation, staff):
    log_in(client, staff)
    client.post(f"/intake/{organisation.id}/nieuw", data=intake_form())
    page = client.get(f"/intake/{organisation.id}/clienten").get_data(as_text=True)
    assert "Mevrouw J." in page
    assert "Hulp gezocht: boodschappen" in page
    assert "Wacht op controle" in page


def test_the_client_list_searches_and_pages(client, app, organisation, staff):
    for n in range(app.config["PAGE_SIZE"] + 2):
        ClientFactory(organisation=organisation, name=f"Ans{n:02d}")
    ClientFactory(organisation=organisation, name="Bert", postcode="3012 AB")
    log_in(client, staff)
    first = client.get(f"/intake/{organisation.id}/clienten?q=ans").get_data(as_text=True)
    assert "Ans00" in first and "Bert" not in first
    assert "Volgende" in first
    second = client.get(f"/intake/{organisation.id}/clienten?q=ans&page=2")
    assert f"Ans{app.config['PAGE_SIZE'] + 1:02d}" in second.get_data(as_text=True)
    assert client.get(f"/intake/{organisation.id}/clienten?page=abc").status_code == 200


def test_searching_clients_for_percent_or_underscore_finds_only_those_characters(
    client, organisation, staff
):
    ClientFactory(organisation=organisation, name="Ans 100% zeker")
    ClientFactory(organisation=organisation, name="Bert_de_Wit")
    ClientFactory(organisation=organisation, name="Cor")
    log_in(client, staff)
    percent = client.get(f"/intake/{organisation.id}/clienten?q=%25").get_data(as_text=True)
    underscore = client.get(f"/intake/{organisation.id}/clienten?q=_").get_data(as_text=True)
    assert "Ans 100% zeker" in percent
    assert "Bert_de_Wit" not in percent and "Cor" not in percent
    assert "Bert_de_Wit" in underscore
    assert "Ans 100% zeker" not in underscore and "Cor" not in underscore


def test_a_new_client_is_chosen_until_staff_pick_a_known_one(client, organisation, staff):
    known = ClientFactory(organisation=organisation, name="Kees")
    log_in(client, staff)
    fresh = client.get(f"/intake/{organisation.id}/nieuw").get_data(as_text=True)
    assert re.search(r'<input checked[^>]*name="client_id"[^>]*value="new"', fresh)
    picked = client.get(f"/intake/{organisation.id}/nieuw?client={known.id}").get_data(as_text=True)
    assert re.search(rf'<input checked[^>]*name="client_id"[^>]*value="{known.id}"', picked)
