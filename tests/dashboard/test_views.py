"""The dashboard pages: who may see them, what they show and hide, and bad query strings."""

from __future__ import annotations

import csv
import io

import pytest
from flask import Flask
from flask.testing import FlaskClient

from marketplace.accounts.models import User
from marketplace.dashboard import services
from marketplace.extensions import db
from tests.conftest import log_in
from tests.dashboard.helpers import at, posting, requests_posted
from tests.factories import UserFactory, person

Q1_2025 = {"period": "custom", "date_from": "1-1-2025", "date_to": "31-3-2025"}


@pytest.fixture
def official() -> User:
    return UserFactory(municipality=True)


def _csv(body: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))


def test_a_visitor_is_sent_to_log_in(client: FlaskClient) -> None:
    response = client.get("/dashboard/")

    assert response.status_code == 302
    assert "/inloggen" in response.headers["Location"]


def test_a_visitor_cannot_download_the_csv(client: FlaskClient) -> None:
    assert client.get("/dashboard/export.csv").status_code == 302


@pytest.mark.parametrize("trait", [{}, {"moderator": True}])
def test_people_without_the_municipality_role_get_403(client: FlaskClient, trait: dict) -> None:
    log_in(client, UserFactory(**trait))

    assert client.get("/dashboard/").status_code == 403
    assert client.get("/dashboard/export.csv").status_code == 403


@pytest.mark.parametrize("trait", ["municipality", "admin"])
def test_the_municipality_and_admins_see_the_dashboard(client: FlaskClient, trait: str) -> None:
    log_in(client, UserFactory(**{trait: True}))

    response = client.get("/dashboard/")

    assert response.status_code == 200
    assert "<h1>Cijfers per wijk</h1>" in response.text


def test_the_dashboard_shows_the_figures_of_the_chosen_period(
    client: FlaskClient, official: User
) -> None:
    requests_posted(7)
    log_in(client, official)

    response = client.get("/dashboard/", query_string=Q1_2025)

    assert '<th scope="row">Geplaatst</th>' in response.text
    assert '<td class="number">7</td>' in response.text


def test_small_counts_read_less_than_5_on_the_page(client: FlaskClient, official: User) -> None:
    requests_posted(3)
    log_in(client, official)

    response = client.get("/dashboard/", query_string=Q1_2025)

    assert '<td class="number hidden-figure">&lt; 5</td>' in response.text
    assert '<td class="number">3</td>' not in response.text


def test_the_charts_are_images_with_a_title_and_description(
    client: FlaskClient, official: User
) -> None:
    requests_posted(6)
    log_in(client, official)

    text = client.get("/dashboard/", query_string=Q1_2025).text

    assert 'role="img"' in text
    assert '<title id="chart-months-title">Per maand</title>' in text
    assert '<desc id="chart-categories-desc">' in text


def test_a_small_count_gets_no_bar_in_the_chart(client: FlaskClient, official: User) -> None:
    requests_posted(2)
    log_in(client, official)

    text = client.get("/dashboard/", query_string=Q1_2025).text
    chart = text[text.index('<svg class="chart" id="chart-months"') :]
    chart = chart[: chart.index("</svg>")]

    assert "&lt; 5" in chart
    assert 'height="16"' not in chart  # no bars at all


def test_the_csv_has_the_same_figures_with_small_counts_hidden(
    client: FlaskClient, official: User
) -> None:
    requests_posted(3, "Stadsdriehoek")
    requests_posted(1, "Kralingen")
    requests_posted(8, "Delfshaven")
    log_in(client, official)

    response = client.get("/dashboard/export.csv", query_string=Q1_2025)
    rows = _csv(response.data)

    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert ["Per wijk", "Stadsdriehoek", "Hulpvragen geplaatst", "< 5"] in rows
    assert ["Per wijk", "Kralingen", "Hulpvragen geplaatst", "< 5"] in rows
    assert ["Per wijk", "Delfshaven", "Hulpvragen geplaatst", "8"] in rows
    assert ["Hulpvragen en hulpaanbod", "Geplaatst", "Hulpvragen", "12"] in rows


def test_the_csv_link_keeps_the_chosen_wijk_and_period(client: FlaskClient, official: User) -> None:
    requests_posted(1, "Delfshaven")
    log_in(client, official)

    text = client.get("/dashboard/", query_string={**Q1_2025, "neighbourhood": "Delfshaven"}).text

    assert "/dashboard/export.csv?neighbourhood=Delfshaven&amp;period=custom" in text


def test_one_wijk_shows_no_table_per_wijk(client: FlaskClient, official: User) -> None:
    requests_posted(6, "Delfshaven")
    log_in(client, official)

    text = client.get("/dashboard/", query_string={**Q1_2025, "neighbourhood": "Delfshaven"}).text

    assert "Wijk: Delfshaven." in text
    assert 'id="table-per_neighbourhood"' not in text


def test_the_dashboard_names_no_person_and_no_posting(client: FlaskClient, official: User) -> None:
    author = person(display_name="Mevrouw Jansen")
    for wanted in requests_posted(6):
        wanted.author = author
        wanted.title = "Boodschappen voor mevrouw Jansen"
    from marketplace.extensions import db

    db.session.commit()
    log_in(client, official)

    assert "Jansen" not in client.get("/dashboard/", query_string=Q1_2025).text
    assert "Jansen" not in client.get("/dashboard/export.csv", query_string=Q1_2025).text


def test_a_month_quarter_and_year_can_be_chosen(client: FlaskClient, official: User) -> None:
    posting(at("2025-02-10"))
    log_in(client, official)

    for values in (
        {"period": "month", "year": "2025", "month": "2"},
        {"period": "quarter", "year": "2025", "quarter": "1"},
        {"period": "year", "year": "2025"},
    ):
        response = client.get("/dashboard/", query_string=values)
        assert response.status_code == 200
        assert "Periode: " in response.text


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"neighbourhood": "Atlantis"}, "Deze keuze kennen we niet"),
        ({"period": "decade"}, "Deze keuze kennen we niet"),
        ({"period": "month", "month": "13"}, "Deze keuze kennen we niet"),
        ({"period": "year", "year": "abc"}, "Deze keuze kennen we niet"),
        ({"period": "custom", "date_from": "gisteren", "date_to": "1-2-2025"}, "dag-maand-jaar"),
        ({"period": "custom", "date_from": "31-3-2025", "date_to": "1-1-2025"}, "vóór de begin"),
        ({"period": "custom", "date_to": "1-1-2025"}, "Vul in vanaf welke datum"),
        ({"period": "custom", "date_from": "1-1-2020", "date_to": "1-1-2025"}, "drie jaar"),
        ({"period": "custom", "date_from": "1-1-1900", "date_to": "1-2-1900"}, "vanaf 2020"),
    ],
)
def test_bad_query_strings_get_a_clear_message(
    client: FlaskClient, official: User, values: dict, message: str
) -> None:
    requests_posted(1)
    log_in(client, official)

    response = client.get("/dashboard/", query_string=values)

    assert response.status_code == 422
    assert message in response.text
    assert client.get("/dashboard/export.csv", query_string=values).status_code == 422


def test_the_unanswered_count_is_shown_to_the_municipality_without_the_list_of_requests(
    client: FlaskClient, official: User
) -> None:
    log_in(client, official)

    text = client.get("/dashboard/").text

    assert "Nu staan er 0 hulpvragen" in text
    assert "Bekijk de lijst" not in text


def test_an_admin_gets_the_link_to_the_list_of_unanswered_requests(
    app: Flask, client: FlaskClient
) -> None:
    log_in(client, UserFactory(admin=True))

    text = client.get("/dashboard/").text

    # The list belongs to the escalation feature; without it there is nothing to link to.
    assert ("Bekijk de lijst" in text) == ("escalation.unanswered" in app.view_functions)


def test_without_a_choice_the_dashboard_shows_the_last_3_months(
    client: FlaskClient, official: User
) -> None:
    log_in(client, official)

    text = client.get("/dashboard/").text

    assert "Periode: " in text
    assert "Alle wijken." in text
    assert '<option selected value="recent">' in text


def test_posting_to_the_dashboard_is_not_allowed(client: FlaskClient, official: User) -> None:
    log_in(client, official)

    assert client.post("/dashboard/").status_code == 405


def test_the_figures_are_counted_once_and_again_after_a_change(
    client: FlaskClient, official: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    counted = []
    original = services.compute_figures

    def counting(*args: object, **kwargs: object) -> object:
        counted.append(1)
        return original(*args, **kwargs)

    monkeypatch.setattr(services, "compute_figures", counting)
    requests_posted(6)
    log_in(client, official)

    assert '<td class="number">6</td>' in client.get("/dashboard/", query_string=Q1_2025).text
    assert '<td class="number">6</td>' in client.get("/dashboard/", query_string=Q1_2025).text
    assert len(counted) == 1  # the second visit used the kept report

    requests_posted(1)  # a write to a counted table forgets it in this process
    db.session.commit()

    assert '<td class="number">7</td>' in client.get("/dashboard/", query_string=Q1_2025).text
    assert len(counted) == 2
