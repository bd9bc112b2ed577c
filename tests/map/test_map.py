from datetime import timedelta

from marketplace.config import PROJECT_ROOT
from marketplace.map.services import approximate_point
from marketplace.timestamps import local_today
from tests.factories import PostingFactory


def published(**kwargs):
    return PostingFactory(published=True, **kwargs)


def test_the_map_page_lists_neighbourhoods_with_their_number_of_postings(client):
    published()
    published(title="Tweede")
    published(postcode="3012", pc4="3012", neighbourhood="Cool", lat=51.92, lon=4.47)
    response = client.get("/kaart/")
    assert response.status_code == 200
    assert "Stadsdriehoek" in response.text
    assert "2 oproepen" in response.text
    assert "Cool" in response.text


def test_the_map_page_works_without_postings(client):
    response = client.get("/kaart/")
    assert response.status_code == 200
    assert "Er zijn geen oproepen" in response.text


def test_the_map_links_to_the_list_with_the_same_filters(client):
    published()
    response = client.get("/kaart/?kind=request")
    assert "/oproepen/?kind=request" in response.text


def test_the_points_are_neighbourhood_centres_never_the_postings_own_coordinates(client):
    published(lat=51.918765, lon=4.487654)
    response = client.get("/kaart/punten.json")
    (point,) = response.json["points"]
    assert point["neighbourhood"] == "Stadsdriehoek"
    assert (point["lat"], point["lon"]) == (51.919, 4.488)  # the wijk centre, rounded
    assert "51.918765" not in response.text


def test_unpublished_and_hidden_postings_are_not_on_the_map(client):
    PostingFactory()  # pending
    published(is_hidden=True)
    published(ends_on=local_today() - timedelta(days=1))
    assert client.get("/kaart/punten.json").json["points"] == []


def test_wrong_filter_values_are_ignored(client):
    published()
    response = client.get("/kaart/punten.json?kind=nonsense&category=%00")
    assert response.status_code == 200
    assert len(response.json["points"]) == 1


def test_a_place_outside_rotterdam_gets_its_postcode_area_centre():
    assert approximate_point("Amsterdam", "1011") == (52.372, 4.906)


def test_an_unknown_place_gets_no_point():
    assert approximate_point("Nergens", "0000") is None


def test_the_tile_server_comes_from_the_config(app, client):
    app.config["MAP_TILE_URL"] = "https://tiles.example.org/{z}/{x}/{y}.png"
    try:
        response = client.get("/kaart/")
    finally:
        app.config["MAP_TILE_URL"] = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"
    assert "https://tiles.example.org/{z}/{x}/{y}.png" in response.text


def test_the_map_is_in_the_main_menu(client):
    assert 'href="/kaart/"' in client.get("/").text


def test_the_map_page_says_where_tiles_come_from_and_asks_before_loading_them(client):
    page = client.get("/kaart/").text
    assert "komt van tile.openstreetmap.org" in page
    assert 'data-tiles-need-consent="yes"' in page
    assert "Kaart laden" in page
    assert '<p class="map-consent" hidden>' in page  # the button appears only with JavaScript


def test_tiles_from_this_site_need_no_question(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAP_TILE_URL", "/tegels/{z}/{x}/{y}.png")
    page = client.get("/kaart/").text
    assert 'data-tiles-need-consent="no"' in page
    assert "Kaart laden" not in page
    assert "komt van Buurthulp zelf" in page


def test_a_configured_tile_server_is_named_on_the_map_page(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAP_TILE_URL", "https://{s}.tegels.example.nl/{z}/{x}/{y}.png")
    assert "komt van tegels.example.nl" in client.get("/kaart/").text


def test_the_map_script_adds_tiles_only_after_consent_or_for_own_tiles():
    script = (PROJECT_ROOT / "static" / "js" / "map.js").read_text()
    # One place adds tiles without asking: when they come from this site.
    assert script.count("tiles.addTo(map)") == 2
    assert 'box.dataset.tilesNeedConsent !== "yes"' in script
    assert "localStorage" in script
