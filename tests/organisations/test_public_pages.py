"""The list of organisations and their public profiles."""

from __future__ import annotations

from marketplace.postings.models import PostingKind
from tests.conftest import log_in
from tests.factories import OrganisationFactory, PostingFactory
from tests.organisations.conftest import member_of


def vacancy(organisation, **fields):
    return PostingFactory(kind=PostingKind.VACANCY, organisation=organisation, **fields)


def test_index_lists_approved_organisations_only(client, organisation, pending_organisation):
    OrganisationFactory(name="Afgewezen Club", status="rejected", approved_at=None)
    page = client.get("/organisaties/").get_data(as_text=True)
    assert "Buurtwerk Noord" in page
    assert "Oude Noorden, Blijdorp" in page
    assert "Nieuw Buurthuis" not in page
    assert "Afgewezen Club" not in page


def test_index_finds_organisations_by_part_of_the_name(client, organisation):
    OrganisationFactory(name="Voedselbank Zuid")
    page = client.get("/organisaties/?q=werk").get_data(as_text=True)
    assert "Buurtwerk Noord" in page
    assert "Voedselbank Zuid" not in page


def test_index_search_treats_a_percent_sign_as_text(client, organisation):
    page = client.get("/organisaties/?q=%25").get_data(as_text=True)
    assert "Buurtwerk Noord" not in page
    assert "Geen organisatie gevonden" in page


def test_index_refuses_a_very_long_search_with_a_message(client, organisation):
    response = client.get("/organisaties/?q=" + "a" * 500)
    assert response.status_code == 422
    assert "Zoek met hoogstens 100 tekens." in response.get_data(as_text=True)


def test_index_ignores_a_page_number_that_is_not_a_number(client, organisation):
    response = client.get("/organisaties/?page=abc")
    assert response.status_code == 200
    assert "Buurtwerk Noord" in response.get_data(as_text=True)


def test_index_shows_twenty_organisations_per_page(client):
    for number in range(21):
        OrganisationFactory(name=f"Organisatie {number:02d}")
    first = client.get("/organisaties/").get_data(as_text=True)
    second = client.get("/organisaties/?page=2").get_data(as_text=True)
    assert "Organisatie 19" in first
    assert "Organisatie 20" not in first
    assert "Organisatie 20" in second
    assert "Pagina 2 van 2" in second


def test_profile_shows_the_organisations_public_contact_details(client, organisation):
    page = client.get("/organisaties/buurtwerk-noord").get_data(as_text=True)
    assert "<h1>Buurtwerk Noord</h1>" in page
    assert "Wij zoeken maatjes voor ouderen in Noord." in page
    assert "https://www.buurtwerk-noord.nl" in page
    assert "info@buurtwerk-noord.nl" in page
    assert "010 111 22 33" in page
    assert "Blijdorp" in page


def test_profile_shows_only_published_visible_vacancies(client, organisation):
    vacancy(organisation, published=True, title="Maatje gezocht")
    vacancy(organisation, title="Nog niet gecontroleerd")
    vacancy(organisation, published=True, is_hidden=True, title="Verborgen vacature")
    vacancy(OrganisationFactory(), published=True, title="Van een ander")
    page = client.get("/organisaties/buurtwerk-noord").get_data(as_text=True)
    assert "Maatje gezocht" in page
    assert "Nog niet gecontroleerd" not in page
    assert "Verborgen vacature" not in page
    assert "Van een ander" not in page


def test_profile_without_vacancies_says_so(client, organisation):
    page = client.get("/organisaties/buurtwerk-noord").get_data(as_text=True)
    assert "geen open vacatures" in page


def test_unknown_organisation_is_404(client):
    assert client.get("/organisaties/bestaat-niet").status_code == 404


def test_pending_organisation_is_404_for_a_visitor(client, pending_organisation):
    assert client.get("/organisaties/nieuw-buurthuis").status_code == 404


def test_pending_organisation_is_404_for_a_plain_user(client, pending_organisation, plain_user):
    log_in(client, plain_user)
    assert client.get("/organisaties/nieuw-buurthuis").status_code == 404


def test_pending_organisation_is_404_for_staff_of_another_organisation(
    client, pending_organisation, other_staff
):
    log_in(client, other_staff)
    assert client.get("/organisaties/nieuw-buurthuis").status_code == 404


def test_pending_organisation_is_visible_to_its_own_staff(client, pending_organisation):
    log_in(client, member_of(pending_organisation))
    response = client.get("/organisaties/nieuw-buurthuis")
    assert response.status_code == 200
    assert "nog niet openbaar" in response.get_data(as_text=True)


def test_pending_organisation_is_visible_to_an_admin(client, pending_organisation, admin):
    log_in(client, admin)
    assert client.get("/organisaties/nieuw-buurthuis").status_code == 200


def test_rejected_organisation_is_404_for_a_visitor(client):
    OrganisationFactory(slug="afgewezen", status="rejected", approved_at=None)
    assert client.get("/organisaties/afgewezen").status_code == 404


def test_profile_offers_management_to_its_staff(client, organisation, staff_member):
    log_in(client, staff_member)
    page = client.get("/organisaties/buurtwerk-noord").get_data(as_text=True)
    assert f"/organisaties/{organisation.id}/beheer" in page


def test_profile_offers_no_management_to_a_visitor(client, organisation):
    page = client.get("/organisaties/buurtwerk-noord").get_data(as_text=True)
    assert f"/organisaties/{organisation.id}/beheer" not in page
