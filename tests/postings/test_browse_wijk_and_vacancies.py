"""Narrowing the list to one wijk, and vacancies to VOG, hours and newcomers (GET, no
JavaScript): the values stay in the form and the page says what is chosen and how many."""

from __future__ import annotations

import re

from sqlalchemy import select

from marketplace.organisations.models import VacancyDetails
from marketplace.organisations.pipeline import narrow_vacancies
from marketplace.postings.models import Posting, PostingKind
from marketplace.postings.queries import BrowseFilters, VacancyFilters, browse_query
from marketplace.timestamps import local_today
from tests.factories import OrganisationFactory, PostingFactory


def titles(page: str) -> list[str]:
    return re.findall(r'class="posting-title"><a href="[^"]+">([^<]+)</a>', page)


def in_cool(**fields: object) -> Posting:
    return PostingFactory(
        published=True,
        postcode="3012",
        pc4="3012",
        neighbourhood="Cool",
        lat=51.92,
        lon=4.47,
        **fields,
    )


def vacancy(session, title: str, **details: object) -> Posting:
    posting = PostingFactory(
        published=True, kind=PostingKind.VACANCY, organisation=OrganisationFactory(), title=title
    )
    session.add(VacancyDetails(posting_id=posting.id, **details))
    session.flush()
    return posting


# --- one wijk ---------------------------------------------------------------------------


def test_the_list_narrows_to_one_wijk_and_keeps_the_choice(client):
    PostingFactory(published=True, title="In de Stadsdriehoek")
    in_cool(title="In Cool")
    page = client.get("/oproepen/?wijk=Cool").get_data(as_text=True)
    assert titles(page) == ["In Cool"]
    assert '<option selected value="Cool">' in page or 'value="Cool" selected' in page
    assert "1 oproep gevonden" in page
    assert "Wijk: Cool" in page


def test_a_wijk_without_postings_is_kept_and_says_nothing_fits(client):
    PostingFactory(published=True)
    page = client.get("/oproepen/?wijk=Blijdorp").get_data(as_text=True)
    assert titles(page) == []
    assert "Wijk: Blijdorp" in page
    assert "Er zijn geen oproepen die hierbij passen" in page


def test_an_unknown_wijk_gets_a_message_and_is_ignored(client):
    PostingFactory(published=True, title="Gewoon")
    page = client.get("/oproepen/?wijk=Atlantis").get_data(as_text=True)
    assert titles(page) == ["Gewoon"]
    assert "Deze keuze kennen we niet" in page


def test_each_wijk_on_the_map_links_to_its_own_list(client):
    PostingFactory(published=True)
    in_cool()
    page = client.get("/kaart/?kind=request").get_data(as_text=True)
    assert "/oproepen/?kind=request&amp;wijk=Cool" in page
    assert "/oproepen/?kind=request&amp;wijk=Stadsdriehoek" in page
    points = client.get("/kaart/punten.json").json["points"]
    assert {p["list_url"] for p in points} == {
        "/oproepen/?wijk=Cool",
        "/oproepen/?wijk=Stadsdriehoek",
    }


def test_the_map_narrows_to_one_wijk(client):
    PostingFactory(published=True)
    in_cool()
    points = client.get("/kaart/punten.json?wijk=Cool").json["points"]
    assert [p["neighbourhood"] for p in points] == ["Cool"]


# --- vacancies ----------------------------------------------------------------------------


def test_vacancies_without_a_vog(client, session):
    vacancy(session, "Met VOG", needs_vog=True)
    vacancy(session, "Zonder VOG", needs_vog=False)
    PostingFactory(published=True, title="Een hulpvraag")
    page = client.get("/oproepen/?vog=nee").get_data(as_text=True)
    assert titles(page) == ["Zonder VOG"]
    assert "Verklaring Omtrent het Gedrag (VOG): Zonder VOG" in page


def test_vacancies_with_a_vog(client, session):
    vacancy(session, "Met VOG", needs_vog=True)
    vacancy(session, "Zonder VOG", needs_vog=False)
    assert titles(client.get("/oproepen/?vog=ja").get_data(as_text=True)) == ["Met VOG"]


def test_vacancies_of_at_most_some_hours_leave_out_unknown_hours(client, session):
    vacancy(session, "Twee uur", hours_per_week=2)
    vacancy(session, "Acht uur", hours_per_week=8)
    vacancy(session, "Onbekend")
    page = client.get("/oproepen/?hours=4").get_data(as_text=True)
    assert titles(page) == ["Twee uur"]
    assert "Hooguit 4 uur" in page


def test_vacancies_for_newcomers_keep_the_ticked_box(client, session):
    vacancy(session, "Taalmaatje", suits_newcomers=True)
    vacancy(session, "Penningmeester", suits_newcomers=False)
    page = client.get("/oproepen/?newcomers=y").get_data(as_text=True)
    assert titles(page) == ["Taalmaatje"]
    assert re.search(r'<input[^>]*checked[^>]*name="newcomers"|name="newcomers"[^>]*checked', page)


def test_vacancy_filters_combine_with_the_wijk(client, session):
    vacancy(session, "In de Stadsdriehoek", suits_newcomers=True)
    elsewhere = vacancy(session, "In Cool", suits_newcomers=True)
    elsewhere.neighbourhood = "Cool"
    session.flush()
    assert titles(client.get("/oproepen/?newcomers=y&wijk=Cool").get_data(as_text=True)) == [
        "In Cool"
    ]


def test_a_made_up_hours_value_gets_a_message(client, session):
    vacancy(session, "Twee uur", hours_per_week=2)
    page = client.get("/oproepen/?hours=999").get_data(as_text=True)
    assert "Deze keuze kennen we niet" in page
    assert titles(page) == ["Twee uur"]


def test_narrowing_vacancies_in_the_database(session):
    """The organisations feature's narrowing, straight on the query (both databases)."""
    vacancy(session, "Licht", hours_per_week=3, needs_vog=False, suits_newcomers=True)
    vacancy(session, "Zwaar", hours_per_week=12, needs_vog=True)
    query = browse_query(BrowseFilters(kind=PostingKind.VACANCY), local_today())
    narrowed = narrow_vacancies(
        query, VacancyFilters(needs_vog=False, max_hours=4, suits_newcomers=True)
    )
    assert [p.title for p in session.scalars(narrowed).unique()] == ["Licht"]
    assert session.scalars(select(VacancyDetails)).all()
