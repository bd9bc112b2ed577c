"""The page of one posting: who sees it, and what they see."""

from datetime import date

from marketplace import dayparts
from marketplace.postings.models import PostingStatus
from marketplace.timestamps import local_today
from tests.conftest import log_in
from tests.factories import (
    OrganisationFactory,
    PostingFactory,
    ResponseFactory,
    UserFactory,
    person,
)
from tests.postings.helpers import assert_private, posting_at


def page_of(client, posting):
    response = client.get(f"/oproepen/{posting.id}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_visitor_sees_a_published_posting_in_words(client):
    posting = posting_at(
        "3012 AB", published=True, title="Boodschappen op dinsdag", description="Graag hulp."
    )
    page = page_of(client, posting)
    assert "Boodschappen op dinsdag" in page
    assert "Graag hulp." in page
    assert "Hulpvraag" in page and "Boodschappen" in page
    assert "Cool" in page  # the neighbourhood
    assert "Wanneer het u uitkomt" in page
    assert "Log in om te reageren" in page


def test_posting_page_reveals_no_address_coordinates_or_contact_details(client):
    author = person(postcode="3012")
    posting = posting_at("3012 AB", published=True, author=author)
    page = page_of(client, posting)
    assert_private(page, posting)


def test_posting_page_is_private_for_other_members_too(client):
    posting = posting_at("3012 AB", published=True, author=person(postcode="3012"))
    log_in(client, person(postcode="3011"))
    assert_private(page_of(client, posting), posting)


def test_one_off_timing_is_written_as_a_day_and_daypart(client):
    on = date(local_today().year + 1, 12, 7)
    posting = PostingFactory(published=True, timing="once", once_on=on, once_daypart="morning")
    weekday = ["maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag"][
        on.weekday()
    ]
    assert f"Op {weekday} 7 december {on.year}, ’s ochtends" in page_of(client, posting)


def test_recurring_timing_lists_the_weekly_dayparts(client):
    mask = dayparts.mask_from_slots(["tue-morning", "thu-afternoon"])
    posting = PostingFactory(published=True, timing="recurring", daypart_mask=mask)
    assert "Elke week: dinsdagochtend, donderdagmiddag" in page_of(client, posting)


def test_member_sees_a_rounded_distance_from_home(client):
    posting = posting_at("3072", published=True)
    log_in(client, person(postcode="3011"))
    assert "ca. 2 km van uw huis" in page_of(client, posting)


def test_vacancy_says_which_organisation_placed_it(client):
    organisation = OrganisationFactory(name="Welzijn Noord")
    posting = PostingFactory(published=True, kind="vacancy", organisation=organisation)
    page = page_of(client, posting)
    assert "Geplaatst via Welzijn Noord" in page
    assert "Vrijwilligerswerk" in page


def test_member_is_invited_to_help_with_a_request(client):
    posting = PostingFactory(published=True)
    log_in(client, person())
    page = page_of(client, posting)
    assert "Ik help!" in page
    assert f'href="/oproepen/{posting.id}/reageren"' in page
    assert f'href="/melden/oproep/{posting.id}"' in page


def test_member_can_take_up_an_offer(client):
    posting = PostingFactory(published=True, offer=True)
    log_in(client, person())
    assert "Ik wil hier gebruik van maken" in page_of(client, posting)


def test_member_can_sign_up_for_a_vacancy(client):
    posting = PostingFactory(published=True, kind="vacancy", organisation=OrganisationFactory())
    log_in(client, person())
    assert "Ik meld me aan" in page_of(client, posting)


def test_matched_posting_is_visible_but_takes_no_new_helpers(client):
    posting = PostingFactory(matched=True)
    log_in(client, person())
    page = page_of(client, posting)
    assert "Ik help!" not in page


def test_author_sees_status_actions_and_no_help_button(client):
    posting = PostingFactory(published=True, author=person())
    log_in(client, posting.author)
    page = page_of(client, posting)
    assert "Zichtbaar" in page
    assert f'href="/oproepen/{posting.id}/wijzigen"' in page
    assert f'action="/oproepen/{posting.id}/afsluiten"' in page
    assert "Ik help!" not in page
    assert "Klacht over deze oproep" not in page


def test_author_sees_a_pending_posting_with_an_explanation(client):
    posting = PostingFactory(author=person())
    log_in(client, posting.author)
    page = page_of(client, posting)
    assert "Wacht op controle" in page
    assert "meestal binnen een dag" in page


def test_author_sees_why_a_posting_was_rejected(client):
    posting = PostingFactory(rejected=True, author=person())
    log_in(client, posting.author)
    assert "Er staat een adres in." in page_of(client, posting)


def test_author_of_an_expired_posting_can_renew_it(client):
    posting = PostingFactory(status=PostingStatus.EXPIRED, author=person())
    log_in(client, posting.author)
    page = page_of(client, posting)
    assert f'action="/oproepen/{posting.id}/verlengen"' in page
    assert f'action="/oproepen/{posting.id}/afsluiten"' not in page


def test_author_sees_the_responses_with_a_link_to_each_conversation(client):
    posting = PostingFactory(published=True, author=person())
    helper = person(display_name="Karin")
    response = ResponseFactory(posting=posting, responder=helper)
    log_in(client, posting.author)
    page = page_of(client, posting)
    assert "Karin" in page
    assert f'href="/berichten/{response.id}"' in page
    assert helper.email not in page


def test_other_people_do_not_see_the_responses(client):
    posting = PostingFactory(published=True)
    ResponseFactory(posting=posting, responder=person(display_name="Karin"))
    log_in(client, person())
    assert "Karin" not in page_of(client, posting)


def test_pending_posting_is_not_found_for_a_visitor(client):
    assert client.get(f"/oproepen/{PostingFactory().id}").status_code == 404


def test_pending_posting_is_not_found_for_another_member(client):
    posting = PostingFactory()
    log_in(client, person())
    assert client.get(f"/oproepen/{posting.id}").status_code == 404


def test_hidden_posting_is_not_found_for_others(client):
    posting = PostingFactory(published=True, is_hidden=True)
    assert client.get(f"/oproepen/{posting.id}").status_code == 404
    log_in(client, person())
    assert client.get(f"/oproepen/{posting.id}").status_code == 404


def test_author_still_sees_a_hidden_posting(client):
    posting = PostingFactory(published=True, is_hidden=True, author=person())
    log_in(client, posting.author)
    assert "verborgen" in page_of(client, posting)


def test_moderator_sees_a_pending_posting_with_a_link_to_review_it(client):
    posting = PostingFactory()
    log_in(client, UserFactory(moderator=True))
    page = page_of(client, posting)
    assert f'href="/moderatie/oproepen/{posting.id}"' in page


def test_rejected_posting_is_not_found_for_others(client):
    posting = PostingFactory(rejected=True)
    log_in(client, person())
    assert client.get(f"/oproepen/{posting.id}").status_code == 404


def test_missing_posting_is_not_found(client):
    assert client.get("/oproepen/987654").status_code == 404


def test_posting_page_takes_no_post(client):
    posting = PostingFactory(published=True)
    assert client.post(f"/oproepen/{posting.id}").status_code == 405
