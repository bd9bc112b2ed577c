"""Server-side checks of every page's frame: lang, title, one h1, landmarks, skip link, help."""

import re

import pytest

from tests.conftest import log_in
from tests.factories import PostingFactory, person

PUBLIC_PAGES = ["/", "/oproepen/", "/kaart/", "/inloggen", "/registreren", "/over"]


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return response.text


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_page_says_its_language(client, path):
    assert re.search(r'<html lang="nl"', page(client, path))


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_page_has_exactly_one_h1(client, path):
    assert len(re.findall(r"<h1[\s>]", page(client, path))) == 1


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_page_title_says_where_you_are(client, path):
    title = re.search(r"<title>(.*?)</title>", page(client, path), re.S).group(1).strip()
    assert title.endswith("– Buurthulp")
    assert len(title) > len("– Buurthulp") + 2


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_page_has_a_skip_link_to_the_main_landmark(client, path):
    html = page(client, path)
    assert 'href="#main"' in html
    assert '<main id="main"' in html


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_page_has_header_navigation_and_footer_landmarks(client, path):
    html = page(client, path)
    assert "<header" in html and "<footer" in html
    assert re.search(r'<nav [^>]*aria-label="Hoofdmenu"', html)


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_every_page_shows_the_help_phone_number_as_a_link(client, path):
    assert 'href="tel:0101234567"' in page(client, path)


def test_the_language_switch_is_marked_as_english(client):
    assert re.search(r'<button[^>]*lang="en"[^>]*>English</button>', page(client, "/"))


def test_the_site_uses_the_nl_design_system_styles_and_our_theme(client):
    html = page(client, "/")
    assert "vendor/utrecht/component-library.css" in html
    assert "css/theme.css" in html
    assert 'class="utrecht-theme buurthulp-theme' in html


def test_every_input_of_a_form_has_a_label(client):
    log_in(client, person())
    html = page(client, "/oproepen/vragen/")
    ids = re.findall(r'<(?:input|textarea|select)(?![^>]*type="hidden")[^>]*\bid="([^"]+)"', html)
    assert ids
    for input_id in ids:
        assert f'for="{input_id}"' in html, input_id


def test_form_errors_name_the_field_and_link_to_it(client):
    log_in(client, person())
    response = client.post("/oproepen/vragen/", data={})
    assert response.status_code == 422
    assert 'role="alert"' in response.text
    assert 'href="#title"' in response.text
    assert 'aria-invalid="true"' in response.text
    assert "<title>Fout:" in response.text


def test_a_posting_can_be_printed_with_the_help_number_and_a_short_link(app, client):
    posting = PostingFactory(published=True)
    html = page(client, f"/oproepen/{posting.id}/afdrukken")
    assert posting.title in html
    assert "010 - 123 45 67" in html
    short = app.config["BASE_URL"].split("://", 1)[-1] + f"/o/{posting.id}"
    assert short in html
    assert "print-posting.css" in html


def test_an_unpublished_posting_cannot_be_printed_by_others(client):
    posting = PostingFactory()
    assert client.get(f"/oproepen/{posting.id}/afdrukken").status_code == 404


def test_the_short_link_leads_to_the_posting(client):
    response = client.get("/o/42")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/oproepen/42")


def test_the_posting_page_offers_the_print_view(client):
    posting = PostingFactory(published=True)
    assert f"/oproepen/{posting.id}/afdrukken" in page(client, f"/oproepen/{posting.id}")
