"""The public browse page: filters, search, distance, sorting and pagination."""

import re
from datetime import timedelta

from marketplace.timestamps import local_today, utcnow
from tests.conftest import log_in
from tests.factories import PostingFactory, category, person
from tests.postings.helpers import assert_private, posting_at


def browse(client, query=""):
    response = client.get(f"/oproepen/{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def titles(page):
    return re.findall(r'class="posting-title"><a href="[^"]+">([^<]+)</a>', page)


def test_visitor_sees_published_postings_only(client):
    PostingFactory(published=True, title="Gepubliceerd")
    PostingFactory(title="Wacht nog")
    PostingFactory(rejected=True, title="Afgewezen")
    PostingFactory(published=True, is_hidden=True, title="Verborgen")
    PostingFactory(matched=True, title="Al geholpen")
    assert titles(browse(client)) == ["Gepubliceerd"]


def test_postings_past_their_end_date_are_left_out_before_the_expiry_task_runs(client):
    PostingFactory(published=True, title="Verlopen", ends_on=local_today() - timedelta(days=1))
    PostingFactory(published=True, title="Loopt nog")
    assert titles(browse(client)) == ["Loopt nog"]


def test_browse_page_reveals_no_address_coordinates_or_contact_details(client):
    posting = posting_at("3012 AB", published=True, author=person(postcode="3012"))
    assert_private(browse(client, "?postcode=3011&km=5"), posting)


def test_newest_come_first(client):
    PostingFactory(published=True, title="Nieuw", published_at=utcnow())
    PostingFactory(published=True, title="Oud", published_at=utcnow() - timedelta(days=2))
    assert titles(browse(client)) == ["Nieuw", "Oud"]


def test_filter_by_kind(client):
    PostingFactory(published=True, title="Vraag")
    PostingFactory(published=True, offer=True, title="Aanbod")
    assert titles(browse(client, "?kind=offer")) == ["Aanbod"]


def test_filter_by_category(client):
    PostingFactory(published=True, title="Boodschappen doen")
    PostingFactory(published=True, title="Tuin snoeien", category=category("tuin"))
    assert titles(browse(client, "?category=tuin")) == ["Tuin snoeien"]


def test_search_finds_words_in_title_or_description_whatever_the_case(client):
    PostingFactory(published=True, title="Hulp met de laptop", description="Graag.")
    PostingFactory(published=True, title="Wandelen", description="Samen naar het PARK.")
    PostingFactory(published=True, title="Iets anders", description="Niets.")
    assert titles(browse(client, "?q=LAPTOP")) == ["Hulp met de laptop"]
    assert titles(browse(client, "?q=park")) == ["Wandelen"]


def test_every_search_word_must_match(client):
    PostingFactory(published=True, title="Hond uitlaten", description="In het park.")
    PostingFactory(published=True, title="Hond voeren", description="Thuis.")
    assert titles(browse(client, "?q=hond+park")) == ["Hond uitlaten"]


def test_search_wildcards_are_no_wildcards(client):
    PostingFactory(published=True, title="Korting 100% zeker")
    PostingFactory(published=True, title="Gewone vraag")
    assert titles(browse(client, "?q=100%25")) == ["Korting 100% zeker"]
    assert titles(browse(client, "?q=_")) == []


def test_distance_filter_keeps_postings_within_reach(client):
    posting_at("3072", published=True, title="Dichtbij")  # about 1.9 km
    posting_at("3083", published=True, title="Verder weg")  # about 3.5 km
    posting_at("1012", published=True, title="Amsterdam")
    assert titles(browse(client, "?postcode=3011&km=2")) == ["Dichtbij"]
    assert sorted(titles(browse(client, "?postcode=3011&km=5"))) == ["Dichtbij", "Verder weg"]


def test_distances_are_shown_rounded(client):
    posting_at("3072", published=True)
    assert "ca. 2 km" in browse(client, "?postcode=3011")


def test_nearest_first_sorts_by_distance(client):
    posting_at("3083", published=True, title="Carnisse")
    posting_at("1012", published=True, title="Amsterdam")
    posting_at("3012", published=True, title="Cool")
    page = browse(client, "?postcode=3011&sort=nearest")
    assert titles(page) == ["Cool", "Carnisse", "Amsterdam"]


def test_own_postcode_is_the_starting_point_for_a_member(client):
    posting_at("3072", published=True)
    log_in(client, person(postcode="3011"))
    page = browse(client)
    assert 'value="3011"' in page
    assert "ca. 2 km" in page


def test_member_can_clear_the_postcode(client):
    posting_at("3072", published=True)
    log_in(client, person(postcode="3011"))
    assert "ca. 2 km" not in browse(client, "?postcode=")


def test_pages_follow_each_other_and_keep_the_filters(client, app):
    size = app.config["PAGE_SIZE"]
    for n in range(size + 2):
        PostingFactory(published=True, title=f"Boodschap {n}")
    first = browse(client, "?q=boodschap&kind=request")
    assert len(titles(first)) == size
    assert "/oproepen/?q=boodschap&amp;kind=request&amp;page=2" in first
    assert len(titles(browse(client, "?q=boodschap&kind=request&page=2"))) == 2


def test_empty_result_says_what_to_try(client):
    PostingFactory(published=True)
    assert "Probeer minder zoekwoorden" in browse(client, "?q=olifant")


def test_bad_page_numbers_are_ignored(client):
    PostingFactory(published=True, title="Er is er een")
    assert titles(browse(client, "?page=abc")) == ["Er is er een"]
    assert titles(browse(client, "?page=-3")) == ["Er is er een"]
    browse(client, "?page=99999999999999999999999")


def test_negative_distance_gets_a_message_and_is_ignored(client):
    PostingFactory(published=True, title="Er is er een")
    page = browse(client, "?postcode=3011&km=-5")
    assert "Deze keuze kennen we niet" in page
    assert titles(page) == ["Er is er een"]


def test_unknown_category_and_kind_get_a_message(client):
    PostingFactory(published=True, title="Er is er een")
    page = browse(client, "?category=raketten&kind=alles")
    assert "Deze keuze kennen we niet" in page
    assert titles(page) == ["Er is er een"]


def test_malformed_postcode_gets_a_message_and_stays_in_the_form(client):
    page = browse(client, "?postcode=ABCD&km=5")
    assert "Vul een postcode in zoals 3011" in page
    assert 'value="ABCD"' in page


def test_unknown_postcode_gets_a_message(client):
    assert "Deze postcode kennen we niet" in browse(client, "?postcode=1000")


def test_distance_without_a_postcode_asks_for_one(client):
    PostingFactory(published=True, title="Er is er een")
    page = browse(client, "?km=5&sort=nearest")
    assert "Vul een postcode in om op afstand te zoeken" in page
    assert titles(page) == ["Er is er een"]


def test_huge_search_text_gets_a_message(client):
    assert "hooguit 200 tekens" in browse(client, "?q=" + "x" * 5000)


def test_odd_search_text_does_no_harm(client):
    PostingFactory(published=True, title="Er is er een")
    assert titles(browse(client, "?q=%F0%9F%98%80+%27%22%3C")) == []


def test_browse_page_takes_no_post(client):
    assert client.post("/oproepen/").status_code == 405
