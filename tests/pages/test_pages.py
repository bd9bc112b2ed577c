from tests.conftest import log_in
from tests.factories import PostingFactory, UserFactory, person


def test_home_shows_published_postings_only(client):
    PostingFactory(published=True, title="Hulp bij boodschappen")
    PostingFactory(title="Nog niet gecontroleerd")
    page = client.get("/").get_data(as_text=True)
    assert "Hulp bij boodschappen" in page
    assert "Nog niet gecontroleerd" not in page


def test_about_page_credits_the_postcode_data(client):
    page = client.get("/over").get_data(as_text=True)
    assert "Centraal Bureau voor de Statistiek" in page
    assert "GeoNames" in page


def test_unknown_page_is_a_friendly_dutch_404(client):
    response = client.get("/bestaat-niet")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in response.get_data(as_text=True)


def test_language_switch_remembers_english_for_a_visitor(client):
    response = client.post("/taal", data={"lang": "en", "next": "/over"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/over"
    assert "lang=en" in response.headers["Set-Cookie"]


def test_language_switch_refuses_an_outside_redirect(client):
    response = client.post("/taal", data={"lang": "nl", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"


def test_language_switch_is_stored_on_the_account(client, session):
    user = person()
    log_in(client, user)
    client.post("/taal", data={"lang": "en"})
    session.refresh(user)
    assert user.locale == "en"


def test_the_menu_page_lists_everything_a_person_may_open(client):
    moderator = UserFactory(moderator=True)
    log_in(client, moderator)
    page = client.get("/menu").get_data(as_text=True)
    for path in ("/oproepen/", "/kaart/", "/moderatie/", "/profiel/", "/berichten/"):
        assert f'href="{path}' in page, path
    assert "/dashboard/" not in page  # not for a moderator
    assert "Uitloggen" in page


def test_every_page_links_to_the_whole_menu_for_phones(client):
    page = client.get("/").get_data(as_text=True)
    assert 'class="menu-link"><a href="/menu"' in page
    assert 'class="menu-more"><a href="/kaart/"' in page  # left out of a phone's header
