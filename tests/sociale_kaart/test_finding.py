"""Finding services: the search box, the facets with their counts, sorting, the pages."""

from __future__ import annotations

from sqlalchemy import func, select

from marketplace.demo.sociale_kaart import PROBLEMS, load_sociale_kaart_demo
from marketplace.extensions import db
from marketplace.sociale_kaart.models import (
    Attribute,
    CostKind,
    Delivery,
    Publication,
    Service,
)
from marketplace.timestamps import local_today
from tests.conftest import log_in
from tests.factories import UserFactory, person
from tests.sociale_kaart.factories import full_service, location, service, term


def test_typing_a_word_finds_the_service_that_has_it(client):
    service("Koffieochtend", description="Samen koffie drinken als u zich eenzaam voelt.")
    service("Schuldhulp", description="Hulp bij geldzorgen.")
    db.session.commit()

    page = client.get("/sociale-kaart/?q=eenzaam").get_data(as_text=True)

    assert "Koffieochtend" in page
    assert "Schuldhulp" not in page


def test_filtering_on_free_leaves_out_paid_services(client):
    service("Gratis koffie", cost_kind=CostKind.FREE)
    service("Betaalde cursus", cost_kind=CostKind.PAID)
    db.session.commit()

    page = client.get("/sociale-kaart/?kosten=free").get_data(as_text=True)

    assert "Gratis koffie" in page
    assert "Betaalde cursus" not in page


def test_a_facet_counts_its_other_values_while_one_is_chosen(client):
    service("Gratis koffie", cost_kind=CostKind.FREE)
    service("Betaalde cursus", cost_kind=CostKind.PAID)
    db.session.commit()

    page = client.get("/sociale-kaart/?kosten=free").get_data(as_text=True)

    assert 'Betaald <span class="facet-count">(1)</span>' in page


def test_facet_counts_follow_the_other_filters(client):
    lonely = term("Eenzaamheid")
    money = term("Geldzorgen")
    service("Koffie", terms=(lonely,), cost_kind=CostKind.FREE)
    service("Cursus", terms=(lonely,), cost_kind=CostKind.PAID)
    service("Schuldhulp", terms=(money,), cost_kind=CostKind.FREE)
    db.session.commit()

    page = client.get("/sociale-kaart/?kosten=free").get_data(as_text=True)

    assert 'Eenzaamheid <span class="facet-count">(1)</span>' in page
    assert 'Geldzorgen <span class="facet-count">(1)</span>' in page


def test_a_service_for_groups_and_individuals_counts_under_both(client):
    service("Beide", delivery=Delivery.BOTH)
    db.session.commit()

    page = client.get("/sociale-kaart/?vorm=group").get_data(as_text=True)

    assert "Beide" in page


def test_filtering_on_a_wijk_shows_only_services_there(client):
    service("In Delfshaven", at=(location("Delfshaven"),))
    service("In Feijenoord", at=(location("Feijenoord"),))
    db.session.commit()

    page = client.get("/sociale-kaart/?wijk=Feijenoord").get_data(as_text=True)

    assert "In Feijenoord" in page
    assert "In Delfshaven" not in page


def test_sorting_by_distance_puts_the_nearest_first(client):
    service("Ver weg", at=(location(latitude=51.95, longitude=4.60),))
    service("Dichtbij", at=(location(latitude=51.92, longitude=4.48),))
    db.session.commit()

    page = client.get("/sociale-kaart/?sort=distance&postcode=3011").get_data(as_text=True)

    assert page.index("Dichtbij") < page.index("Ver weg")


def test_sorting_by_distance_without_a_postcode_asks_for_one(client):
    service("Koffie")
    db.session.commit()

    response = client.get("/sociale-kaart/?sort=distance")

    assert "Vul uw postcode in" in response.get_data(as_text=True)


def test_a_wrong_postcode_is_said_and_kept(client):
    response = client.get("/sociale-kaart/?postcode=abc")

    page = response.get_data(as_text=True)
    assert "Vul een postcode in" in page
    assert 'value="abc"' in page


def test_sorting_by_costs_puts_free_first(client):
    service("Betaald", cost_kind=CostKind.PAID)
    service("Gratis", cost_kind=CostKind.FREE)
    db.session.commit()

    page = client.get("/sociale-kaart/?sort=costs").get_data(as_text=True)

    assert page.index("Gratis") < page.index("Betaald")


def test_a_pending_service_is_not_on_the_kaart(client):
    pending = service("Nog niet nagekeken", publication=Publication.PENDING)
    db.session.commit()

    assert "Nog niet nagekeken" not in client.get("/sociale-kaart/").get_data(as_text=True)
    assert client.get(f"/sociale-kaart/dienst/{pending.id}").status_code == 404


def test_the_service_page_shows_it_as_a_service(client):
    shown = full_service()
    db.session.commit()

    page = client.get(f"/sociale-kaart/dienst/{shown.id}").get_data(as_text=True)

    for text in (
        "Koffieochtend De Brug",
        "010 111 22 33",
        "Turks",
        "dinsdag, donderdag",
        "Rolstoeltoegankelijk",
        "Gecontroleerd op",
    ):
        assert text in page, text


def test_a_service_not_checked_for_eight_months_may_be_out_of_date(client):
    from datetime import date

    old = service("Oud", assured_date=date(2025, 1, 1))
    db.session.commit()

    assert "Mogelijk verouderd" in client.get(f"/sociale-kaart/dienst/{old.id}").get_data(
        as_text=True
    )


def test_the_print_view_shows_the_service(client):
    shown = full_service()
    db.session.commit()

    page = client.get(f"/sociale-kaart/dienst/{shown.id}/afdrukken").get_data(as_text=True)

    assert "010 111 22 33" in page


def test_compare_shows_three_services_side_by_side(client):
    chosen = [service(f"Schuldhulp {n}") for n in range(1, 5)]
    db.session.commit()
    query = "&".join(f"dienst={made.id}" for made in chosen)

    page = client.get(f"/sociale-kaart/vergelijk?{query}").get_data(as_text=True)

    assert all(f"Schuldhulp {n}" in page for n in (1, 2, 3))
    assert "Schuldhulp 4" not in page


def test_the_helpdesk_page_is_for_moderators(client):
    service("Schuldhulp", phone="010 555 44 33")
    db.session.commit()

    log_in(client, person("3011"))
    assert client.get("/sociale-kaart/helpdesk").status_code == 403
    log_in(client, UserFactory(moderator=True))
    assert "010 555 44 33" in client.get("/sociale-kaart/helpdesk").get_data(as_text=True)


def test_the_english_page_speaks_english(client):
    response = client.get("/sociale-kaart/", headers={"Accept-Language": "en"})

    assert response.status_code == 200


def test_the_demo_kaart_has_about_sixty_services_over_every_kind_of_problem(session):
    made = load_sociale_kaart_demo(session, local_today())

    assert 55 <= made <= 65
    assert session.scalar(select(func.count()).select_from(Service)) == made
    used = set(session.scalars(select(Attribute.taxonomy_term_id)))
    assert {f"demo-{code}" for code in PROBLEMS} <= used
