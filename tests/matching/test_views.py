"""Request tests for 'Voor u' and 'Niet voor mij'."""

from __future__ import annotations

from marketplace.dayparts import FULL_WEEK
from marketplace.matching.models import MatchSuggestion
from marketplace.timestamps import utcnow
from tests.conftest import log_in
from tests.factories import MatchSuggestionFactory, PostingFactory, UserFactory, category, person


def volunteer():
    return person("3012", volunteer=True)


def test_visitor_is_sent_to_the_login_page(client):
    response = client.get("/voor-u/")
    assert response.status_code == 302
    assert "/inloggen" in response.headers["Location"]


def test_volunteer_sees_a_suggestion_with_the_reasons_in_plain_words(client):
    user = volunteer()
    MatchSuggestionFactory(
        user=user,
        posting=PostingFactory(published=True, title="Boodschappen op dinsdag"),
        distance_km=1.2,
        reasons={"distance_km": 1.2, "categories": ["boodschappen"], "slots": [["tue", "morning"]]},
    )
    page = log_in(client, user).get("/voor-u/").get_data(as_text=True)
    assert "Boodschappen op dinsdag" in page
    assert "Waarom ziet u dit?" in page
    assert (
        "ca. 1 km van u vandaan · u helpt graag met boodschappen · u kunt op dinsdagochtend" in page
    )


def test_reasons_are_in_english_for_an_english_reader(client):
    user = person("3012", volunteer=True, user=UserFactory(locale="en"))
    MatchSuggestionFactory(user=user, reasons={"distance_km": 3.0, "categories": ["boodschappen"]})
    page = log_in(client, user).get("/voor-u/").get_data(as_text=True)
    assert "shopping" in page


def test_best_suggestion_comes_first(client):
    user = volunteer()
    MatchSuggestionFactory(
        user=user, score=0.4, posting=PostingFactory(published=True, title="Minder goed")
    )
    MatchSuggestionFactory(
        user=user, score=0.9, posting=PostingFactory(published=True, title="Heel goed")
    )
    page = log_in(client, user).get("/voor-u/").get_data(as_text=True)
    assert page.index("Heel goed") < page.index("Minder goed")


def test_suggestions_for_closed_hidden_or_dismissed_postings_are_not_shown(client):
    user = volunteer()
    MatchSuggestionFactory(user=user, posting=PostingFactory(published=True, title="Zichtbaar"))
    MatchSuggestionFactory(user=user, posting=PostingFactory(status="closed", title="Gesloten"))
    MatchSuggestionFactory(
        user=user, posting=PostingFactory(published=True, is_hidden=True, title="Verborgen")
    )
    MatchSuggestionFactory(
        user=user, posting=PostingFactory(published=True, title="Weggeklikt"), dismissed_at=utcnow()
    )
    page = log_in(client, user).get("/voor-u/").get_data(as_text=True)
    assert "Zichtbaar" in page
    for title in ("Gesloten", "Verborgen", "Weggeklikt"):
        assert title not in page


def test_someone_elses_suggestions_are_not_shown(client):
    MatchSuggestionFactory(posting=PostingFactory(published=True, title="Voor een ander"))
    page = log_in(client, volunteer()).get("/voor-u/").get_data(as_text=True)
    assert "Voor een ander" not in page
    assert "geen oproepen die bij u passen" in page


def test_person_without_interests_is_asked_to_fill_in_their_profile(client):
    user = person("3012", wants_to_help=True, availability_mask=FULL_WEEK)
    page = log_in(client, user).get("/voor-u/").get_data(as_text=True)
    assert "Vul eerst uw profiel aan" in page
    assert "Ik wil graag buren helpen" in page
    assert 'href="/profiel/"' in page


def test_person_without_a_profile_is_asked_to_fill_in_their_profile(client):
    page = log_in(client, UserFactory()).get("/voor-u/").get_data(as_text=True)
    assert "Vul eerst uw profiel aan" in page


def test_list_is_paginated_and_a_bad_page_number_is_ignored(client, app):
    user = volunteer()
    for n in range(app.config["PAGE_SIZE"] + 1):
        MatchSuggestionFactory(
            user=user,
            score=1 - n / 100,
            posting=PostingFactory(published=True, title=f"Oproep nr {n}."),
        )
    log_in(client, user)
    first = client.get("/voor-u/").get_data(as_text=True)
    assert "Oproep nr 0." in first and "Oproep nr 20." not in first
    assert "Oproep nr 20." in client.get("/voor-u/?page=2").get_data(as_text=True)
    assert client.get("/voor-u/?page=abc").status_code == 200
    assert client.get("/voor-u/?page=99").status_code == 200


def test_dismissing_hides_the_suggestion(client, session):
    user = volunteer()
    suggestion = MatchSuggestionFactory(
        user=user, posting=PostingFactory(published=True, title="Niet nodig")
    )
    log_in(client, user)
    response = client.post(f"/voor-u/{suggestion.id}/niet-voor-mij")
    assert response.status_code == 302
    assert response.headers["Location"] == "/voor-u/"
    assert session.get(MatchSuggestion, suggestion.id).dismissed_at is not None
    assert "Niet nodig" not in client.get("/voor-u/").get_data(as_text=True)


def test_dismissing_someone_elses_suggestion_is_not_found(client, session):
    suggestion = MatchSuggestionFactory()
    log_in(client, volunteer())
    assert client.post(f"/voor-u/{suggestion.id}/niet-voor-mij").status_code == 404
    session.refresh(suggestion)
    assert suggestion.dismissed_at is None


def test_dismissing_an_unknown_suggestion_is_not_found(client):
    log_in(client, volunteer())
    assert client.post("/voor-u/999999/niet-voor-mij").status_code == 404


def test_dismissing_as_a_visitor_asks_to_log_in(client, session):
    suggestion = MatchSuggestionFactory()
    response = client.post(f"/voor-u/{suggestion.id}/niet-voor-mij")
    assert response.status_code == 302
    assert "/inloggen" in response.headers["Location"]


def test_dismissing_with_get_is_method_not_allowed(client):
    suggestion = MatchSuggestionFactory()
    log_in(client, suggestion.user)
    assert client.get(f"/voor-u/{suggestion.id}/niet-voor-mij").status_code == 405


def test_dismissing_without_a_csrf_token_is_refused(client, session, csrf_enabled):
    suggestion = MatchSuggestionFactory()
    log_in(client, suggestion.user)
    assert client.post(f"/voor-u/{suggestion.id}/niet-voor-mij").status_code == 400
    session.refresh(suggestion)
    assert suggestion.dismissed_at is None


def test_offer_suggestion_explains_which_request_it_fits(client):
    resident = person("3012")
    request = PostingFactory(published=True, author=resident, title="Wie haalt mijn brood?")
    MatchSuggestionFactory(
        user=resident,
        related_posting=request,
        posting=PostingFactory(published=True, offer=True, title="Ik doe boodschappen"),
        reasons={"distance_km": 0.8, "categories": [category().slug], "slots": []},
    )
    page = log_in(client, resident).get("/voor-u/").get_data(as_text=True)
    assert "Ik doe boodschappen" in page
    assert "past bij uw vraag „Wie haalt mijn brood?”" in page
