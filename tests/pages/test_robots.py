"""Search engines keep away from pages about people (robots.txt, noindex)."""

from __future__ import annotations

import re

import pytest
from flask import Flask

from marketplace.robots import INDEXABLE_ENDPOINTS
from tests.factories import PostingFactory

# Files the indexable pages need, and the map's counts per neighbourhood (no people in them).
CRAWLABLE_BUT_NOT_PAGES = {"static", "pages.robots", "map.points"}


def disallowed(client) -> list[str]:
    return re.findall(r"^Disallow: (\S+)$", client.get("/robots.txt").text, flags=re.MULTILINE)


def example_path(rule: str) -> str:
    return re.sub(r"<[^>]+>", "1", rule)


def test_robots_txt_is_plain_text_for_every_crawler(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    assert response.text.startswith("User-agent: *\n")


@pytest.mark.parametrize(
    "path",
    [
        "/oproepen/12",
        "/o/12",
        "/profiel/12",
        "/berichten/",
        "/organisaties/12/beheer",
        "/intake/",
        "/moderatie/",
        "/hulp-gezocht/",
        "/inloggen",
    ],
)
def test_robots_txt_disallows_pages_about_people(client, path):
    assert any(path.startswith(prefix) for prefix in disallowed(client))


def test_every_page_that_is_not_about_buurthulp_itself_is_disallowed(client, app: Flask):
    prefixes = disallowed(client)
    missed = [
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.endpoint not in INDEXABLE_ENDPOINTS | CRAWLABLE_BUT_NOT_PAGES
        and not any(example_path(rule.rule).startswith(prefix) for prefix in prefixes)
    ]
    assert missed == []


@pytest.mark.parametrize("path", ["/", "/over", "/menu", "/kaart/", "/robots.txt"])
def test_pages_about_buurthulp_stay_open_to_search_engines(client, path):
    assert not any(path.startswith(prefix) for prefix in disallowed(client))


def test_a_posting_says_noindex_in_its_page_and_its_headers(client):
    posting = PostingFactory(published=True)
    response = client.get(f"/oproepen/{posting.id}")
    assert response.status_code == 200
    assert '<meta name="robots" content="noindex, nofollow">' in response.text
    assert response.headers["X-Robots-Tag"] == "noindex, nofollow"


def test_the_postings_list_says_noindex(client):
    PostingFactory(published=True)
    assert client.get("/oproepen/").headers["X-Robots-Tag"] == "noindex, nofollow"


def test_the_home_page_may_be_indexed(client):
    response = client.get("/")
    assert "X-Robots-Tag" not in response.headers
    assert 'name="robots"' not in response.text
