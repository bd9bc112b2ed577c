"""``next=`` only ever leads to a path of this site, checked through the real routes."""

from __future__ import annotations

import pytest

from tests.factories import PASSWORD, UserFactory

OUTSIDE = [
    "https://evil.example/",
    "http://evil.example",
    "//evil.example",
    "///evil.example",
    "////evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "/%2F/evil.example",
    "/%2f/evil.example",
    "/%252F/evil.example",
    "/%5C/evil.example",
    "/%5cevil.example",
    "/\t/evil.example",
    "/%09/evil.example",
    "/\n/evil.example",
    "/\r\nLocation: https://evil.example",
    "/%0d%0aSet-Cookie:x=y",
    "/\x00/evil.example",
    "/ /evil.example",
    "/.//evil.example",
    "/./evil.example",
    "/..//evil.example",
    "/oproepen/..//evil.example",
    "/oproepen/%2e%2e//evil.example",
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "/javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "evil.example",
    "https:evil.example",
    "\u202e/evil.example",
    "/\u2028/evil.example",
    "/\u3000/evil.example",
    "/bestaat-niet-op-deze-site",
]

INSIDE = [
    "/",
    "/oproepen/mijn",
    "/oproepen/?kind=request&q=boodschappen%20doen",
    "/kaart/#map",
    "/profiel/",
]


def log_in_with_next(client, next_url):
    UserFactory(email="jan@example.org")
    return client.post(
        "/inloggen", data={"email": "jan@example.org", "password": PASSWORD, "next": next_url}
    )


@pytest.mark.parametrize("next_url", OUTSIDE)
def test_log_in_sends_an_outside_or_odd_next_home(client, next_url):
    response = log_in_with_next(client, next_url)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("next_url", INSIDE)
def test_log_in_follows_a_path_of_this_site(client, next_url):
    response = log_in_with_next(client, next_url)
    assert response.headers["Location"] == next_url


@pytest.mark.parametrize("next_url", OUTSIDE)
def test_the_language_switch_sends_an_outside_next_home(client, next_url):
    response = client.post("/taal", data={"lang": "en", "next": next_url})
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize("next_url", ["//evil.example", "/%2F/evil.example", "/\\evil.example"])
def test_a_logged_in_visitor_of_the_log_in_page_is_not_sent_outside(client, next_url):
    log_in_with_next(client, "/")
    response = client.get("/inloggen", query_string={"next": next_url})
    assert response.headers["Location"] == "/"


def test_an_overlong_next_goes_home(client):
    response = client.post("/taal", data={"lang": "en", "next": "/oproepen/" + "a" * 3000})
    assert response.headers["Location"] == "/"


def test_the_location_header_is_exactly_the_path_that_was_checked(client):
    response = log_in_with_next(client, "/oproepen/mijn?x=1#top")
    assert response.headers["Location"] == "/oproepen/mijn?x=1#top"
