"""Routes that write: new, edit, close, renew, and the author's own list."""

from datetime import timedelta

from sqlalchemy import select

from marketplace.postings.models import Posting, PostingStatus
from marketplace.timestamps import local_today
from tests.conftest import log_in
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PostingFactory,
    UserFactory,
    category,
    person,
)


def form(**changes):
    values = {
        "kind": "request",
        "category_id": str(category("boodschappen").id),
        "title": "Wie doet boodschappen voor mij?",
        "description": "Ik kan niet goed lopen.",
        "postcode": "3012 AB",
        "timing": "flexible",
        "once_on": "",
        "ends_on": "",
    }
    values.update(changes)
    return values


def only_posting(session):
    return session.scalars(select(Posting)).one()


# -- new --------------------------------------------------------------------------------


def test_visitor_is_asked_to_log_in_before_posting(client):
    response = client.get("/oproepen/nieuw")
    assert response.status_code == 302
    assert "/inloggen" in response.headers["Location"]


def test_unconfirmed_person_is_sent_to_confirm_first(client):
    log_in(client, UserFactory(unconfirmed=True))
    response = client.get("/oproepen/nieuw")
    assert response.status_code == 302
    assert "/oproepen" not in response.headers["Location"]


def test_new_form_has_the_own_postcode_filled_in(client):
    log_in(client, person(postcode="3072"))
    page = client.get("/oproepen/nieuw?kind=offer").get_data(as_text=True)
    assert 'value="3072"' in page
    assert '<input checked id="kind-1" name="kind" type="radio" value="offer">' in page


def test_new_form_warns_not_to_share_an_address(client):
    log_in(client, person())
    page = client.get("/oproepen/nieuw").get_data(as_text=True)
    assert "Zet hier geen adres, telefoonnummer of e-mailadres in" in page


def test_new_form_survives_an_unknown_kind_in_the_link(client):
    log_in(client, person())
    assert client.get("/oproepen/nieuw?kind=vacancy").status_code == 200


def test_submitted_posting_waits_for_a_moderator(client, session):
    log_in(client, person())
    response = client.post("/oproepen/nieuw", data=form(), follow_redirects=True)
    assert response.status_code == 200
    assert "Een moderator kijkt uw oproep eerst na" in response.get_data(as_text=True)
    assert only_posting(session).status == PostingStatus.PENDING


def test_recurring_posting_from_the_form_keeps_its_dayparts(client, session):
    log_in(client, person())
    client.post(
        "/oproepen/nieuw",
        data=form(timing="recurring", recurring_slots=["tue-morning", "thu-afternoon"]),
    )
    assert only_posting(session).daypart_mask != 0


def test_one_off_date_may_be_typed_the_dutch_way(client, session):
    log_in(client, person())
    on = local_today() + timedelta(days=3)
    client.post(
        "/oproepen/nieuw",
        data=form(timing="once", once_on=on.strftime("%d-%m-%Y"), once_daypart="evening"),
    )
    assert only_posting(session).once_on == on


def test_fields_of_another_timing_are_ignored(client, session):
    log_in(client, person())
    response = client.post("/oproepen/nieuw", data=form(once_on="onzin", timing="flexible"))
    assert response.status_code == 302
    assert only_posting(session).once_on is None


def test_offer_cannot_be_smuggled_in_as_a_vacancy(client, session):
    log_in(client, person())
    response = client.post("/oproepen/nieuw", data=form(kind="vacancy"))
    assert response.status_code == 422
    assert session.scalars(select(Posting)).first() is None


def test_missing_fields_are_explained_and_what_was_typed_stays(client, session):
    log_in(client, person())
    response = client.post(
        "/oproepen/nieuw", data=form(title="", description="Mijn eigen tekst", timing="once")
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Vul een titel in" in page
    assert "Vul de datum in" in page
    assert "Kies ochtend, middag of avond." in page
    assert "Mijn eigen tekst" in page
    assert session.scalars(select(Posting)).first() is None


def test_date_in_the_past_is_explained(client):
    log_in(client, person())
    yesterday = (local_today() - timedelta(days=1)).isoformat()
    response = client.post(
        "/oproepen/nieuw", data=form(timing="once", once_on=yesterday, once_daypart="morning")
    )
    assert response.status_code == 422
    assert "Deze datum is voorbij" in response.get_data(as_text=True)


def test_unreadable_date_is_explained(client):
    log_in(client, person())
    response = client.post(
        "/oproepen/nieuw", data=form(timing="once", once_on="31-02-2025", once_daypart="morning")
    )
    assert response.status_code == 422
    assert "dag-maand-jaar" in response.get_data(as_text=True)


def test_unknown_postcode_is_explained(client):
    log_in(client, person())
    response = client.post("/oproepen/nieuw", data=form(postcode="1000"))
    assert response.status_code == 422
    assert "Deze postcode kennen we niet" in response.get_data(as_text=True)


def test_malformed_postcode_is_explained(client):
    log_in(client, person())
    response = client.post("/oproepen/nieuw", data=form(postcode="ABCD"))
    assert response.status_code == 422
    assert "3011 AB" in response.get_data(as_text=True)


def test_huge_description_is_a_form_error(client):
    log_in(client, person())
    response = client.post("/oproepen/nieuw", data=form(description="x" * 5000))
    assert response.status_code == 422
    assert "hooguit 4000 tekens" in response.get_data(as_text=True)


def test_made_up_category_is_a_form_error(client):
    log_in(client, person())
    response = client.post("/oproepen/nieuw", data=form(category_id="424242"))
    assert response.status_code == 422
    assert "Kies een soort hulp uit de lijst." in response.get_data(as_text=True)


def test_new_form_is_csrf_protected(client, csrf_enabled):
    log_in(client, person())
    response = client.post("/oproepen/nieuw", data=form())
    assert response.status_code == 400


# -- edit -------------------------------------------------------------------------------


def test_edit_form_shows_the_posting(client):
    posting = PostingFactory(published=True, author=person(), title="Mijn vraag")
    log_in(client, posting.author)
    page = client.get(f"/oproepen/{posting.id}/wijzigen").get_data(as_text=True)
    assert 'value="Mijn vraag"' in page


def test_edit_sends_the_posting_back_to_the_moderator(client, session):
    posting = PostingFactory(published=True, author=person())
    log_in(client, posting.author)
    response = client.post(f"/oproepen/{posting.id}/wijzigen", data=form(title="Nieuw"))
    assert response.status_code == 302
    session.refresh(posting)
    assert posting.title == "Nieuw"
    assert posting.status == PostingStatus.PENDING


def test_edit_with_errors_keeps_the_posting_as_it_was(client, session):
    posting = PostingFactory(published=True, author=person())
    log_in(client, posting.author)
    response = client.post(f"/oproepen/{posting.id}/wijzigen", data=form(postcode="1000"))
    assert response.status_code == 422
    session.refresh(posting)
    assert posting.status == PostingStatus.PUBLISHED


def test_someone_else_cannot_edit(client):
    posting = PostingFactory(published=True)
    log_in(client, person())
    assert client.get(f"/oproepen/{posting.id}/wijzigen").status_code == 404
    assert client.post(f"/oproepen/{posting.id}/wijzigen", data=form()).status_code == 404


def test_moderator_cannot_edit_someone_elses_posting(client):
    posting = PostingFactory(published=True)
    log_in(client, UserFactory(moderator=True))
    assert client.get(f"/oproepen/{posting.id}/wijzigen").status_code == 404


def test_visitor_cannot_edit(client):
    posting = PostingFactory(published=True)
    assert client.get(f"/oproepen/{posting.id}/wijzigen").status_code == 302


def test_matched_posting_edit_leads_back_with_a_message(client):
    posting = PostingFactory(matched=True, author=person())
    log_in(client, posting.author)
    response = client.get(f"/oproepen/{posting.id}/wijzigen", follow_redirects=True)
    assert "kunt u niet meer wijzigen" in response.get_data(as_text=True)


def test_editing_a_missing_posting_is_404(client):
    log_in(client, person())
    assert client.get("/oproepen/999999/wijzigen").status_code == 404


# -- close and renew --------------------------------------------------------------------


def test_author_closes_a_posting(client, session):
    posting = PostingFactory(published=True, author=person())
    log_in(client, posting.author)
    response = client.post(f"/oproepen/{posting.id}/afsluiten", follow_redirects=True)
    assert "Uw oproep is afgesloten" in response.get_data(as_text=True)
    session.refresh(posting)
    assert posting.status == PostingStatus.CLOSED


def test_closing_twice_says_so_calmly(client):
    posting = PostingFactory(status=PostingStatus.CLOSED, author=person())
    log_in(client, posting.author)
    response = client.post(f"/oproepen/{posting.id}/afsluiten", follow_redirects=True)
    assert response.status_code == 200
    assert "al afgesloten" in response.get_data(as_text=True)


def test_someone_else_cannot_close(client, session):
    posting = PostingFactory(published=True)
    log_in(client, person())
    assert client.post(f"/oproepen/{posting.id}/afsluiten").status_code == 404
    session.refresh(posting)
    assert posting.status == PostingStatus.PUBLISHED


def test_closing_by_get_is_not_allowed(client):
    posting = PostingFactory(published=True, author=person())
    log_in(client, posting.author)
    assert client.get(f"/oproepen/{posting.id}/afsluiten").status_code == 405


def test_author_renews_an_expired_posting(client, session):
    posting = PostingFactory(status=PostingStatus.EXPIRED, author=person())
    log_in(client, posting.author)
    response = client.post(f"/oproepen/{posting.id}/verlengen", follow_redirects=True)
    assert "Uw oproep is verlengd. Hij staat nu weer 30 dagen open." in response.get_data(
        as_text=True
    )
    session.refresh(posting)
    assert posting.status == PostingStatus.PUBLISHED
    assert posting.ends_on == local_today() + timedelta(days=30)


def test_author_renews_a_closed_posting_for_a_moderator_to_check(client, session):
    posting = PostingFactory(status=PostingStatus.CLOSED, author=person())
    log_in(client, posting.author)
    response = client.post(f"/oproepen/{posting.id}/verlengen", follow_redirects=True)
    assert "Een moderator kijkt hem eerst na" in response.get_data(as_text=True)
    session.refresh(posting)
    assert posting.status == PostingStatus.PENDING


def test_renewing_a_past_one_off_posting_leads_to_the_edit_form(client):
    posting = PostingFactory(
        status=PostingStatus.EXPIRED,
        author=person(),
        timing="once",
        once_on=local_today() - timedelta(days=2),
        once_daypart="morning",
    )
    log_in(client, posting.author)
    response = client.post(f"/oproepen/{posting.id}/verlengen")
    assert response.headers["Location"].endswith(f"/oproepen/{posting.id}/wijzigen")


def test_someone_else_cannot_renew(client):
    posting = PostingFactory(status=PostingStatus.EXPIRED)
    log_in(client, person())
    assert client.post(f"/oproepen/{posting.id}/verlengen").status_code == 404


def test_visitor_cannot_close_or_renew(client):
    posting = PostingFactory(published=True)
    assert client.post(f"/oproepen/{posting.id}/afsluiten").status_code == 302
    assert client.post(f"/oproepen/{posting.id}/verlengen").status_code == 302


# -- mine -------------------------------------------------------------------------------


def test_my_postings_show_status_and_rejection_reason(client):
    author = person()
    PostingFactory(author=author, title="Wacht nog")
    PostingFactory(author=author, rejected=True, title="Afgewezen vraag")
    PostingFactory(title="Van iemand anders")
    log_in(client, author)
    page = client.get("/oproepen/mijn").get_data(as_text=True)
    assert "Wacht nog" in page and "Wacht op controle" in page
    assert "Er staat een adres in." in page
    assert "Van iemand anders" not in page


def test_my_postings_are_paginated(client, app):
    author = person()
    for n in range(app.config["PAGE_SIZE"] + 1):
        PostingFactory(author=author, title=f"Oproep nummer {n}")
    log_in(client, author)
    first = client.get("/oproepen/mijn").get_data(as_text=True)
    second = client.get("/oproepen/mijn?page=2").get_data(as_text=True)
    assert first.count('class="posting-card') == app.config["PAGE_SIZE"]
    assert second.count('class="posting-card') == 1


def test_my_postings_survive_a_bad_page_number(client):
    log_in(client, person())
    assert client.get("/oproepen/mijn?page=abc").status_code == 200
    assert client.get("/oproepen/mijn?page=99999999999999999999").status_code == 200


def test_visitor_has_no_own_postings_page(client):
    assert client.get("/oproepen/mijn").status_code == 302


# -- colleagues ----------------------------------------------------------------------------


def organisation_posting(**fields):
    """A published posting of an organisation, with the author and a colleague on staff."""
    author, colleague = person(), person()
    organisation = OrganisationFactory()
    for member in (author, colleague):
        MembershipFactory(organisation=organisation, user=member)
    posting = PostingFactory(published=True, author=author, organisation=organisation, **fields)
    return posting, colleague


def test_a_colleague_can_edit_close_and_renew_an_organisations_posting(client, session):
    posting, colleague = organisation_posting()
    log_in(client, colleague)
    page = client.get(f"/oproepen/{posting.id}").get_data(as_text=True)
    assert "Oproep van uw organisatie" in page and f"/oproepen/{posting.id}/wijzigen" in page

    response = client.post(f"/oproepen/{posting.id}/wijzigen", data=form(title="Overgenomen"))
    assert response.status_code == 302
    session.refresh(posting)
    assert (posting.title, posting.status) == ("Overgenomen", PostingStatus.PENDING)
    assert posting.author_id != colleague.id  # it stays the author's posting

    assert client.post(f"/oproepen/{posting.id}/afsluiten").status_code == 302
    session.refresh(posting)
    assert posting.status == PostingStatus.CLOSED
    assert client.post(f"/oproepen/{posting.id}/verlengen").status_code == 302
    session.refresh(posting)
    assert posting.status == PostingStatus.PENDING


def test_staff_of_another_organisation_cannot_edit(client):
    posting, _ = organisation_posting()
    outsider = person()
    MembershipFactory(user=outsider)
    log_in(client, outsider)
    assert client.get(f"/oproepen/{posting.id}/wijzigen").status_code == 404
    assert client.post(f"/oproepen/{posting.id}/afsluiten").status_code == 404
    page = client.get(f"/oproepen/{posting.id}").get_data(as_text=True)
    assert f"/oproepen/{posting.id}/wijzigen" not in page
