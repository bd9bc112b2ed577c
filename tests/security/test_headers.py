"""Security headers on every response; personal pages are never stored by a browser."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from marketplace import create_app
from marketplace.config import PROJECT_ROOT
from marketplace.security_headers import tile_source
from tests import conftest
from tests.conftest import log_in
from tests.factories import PostingFactory, UserFactory

EVERY_KIND_OF_RESPONSE = [
    "/",
    "/over",
    "/inloggen",
    "/kaart/",
    "/kaart/punten.json",
    "/robots.txt",
    "/static/css/site.css",
    "/bestaat-niet",
]


def get(client, path: str, **kwargs):
    """The response, read and closed (a static file's handle is open until then)."""
    response = client.get(path, **kwargs)
    response.get_data()
    response.close()
    return response


def csp(response) -> dict[str, str]:
    policy = response.headers["Content-Security-Policy"]
    parts = (part.strip().split(" ", 1) for part in policy.split(";"))
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts}


@pytest.mark.parametrize("path", EVERY_KIND_OF_RESPONSE)
def test_every_response_carries_the_security_headers(client, path):
    response = get(client, path)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "geolocation=()" in response.headers["Permissions-Policy"]
    assert "camera=()" in response.headers["Permissions-Policy"]
    policy = csp(response)
    assert policy["frame-ancestors"] == "'none'"
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"


@pytest.mark.parametrize("path", EVERY_KIND_OF_RESPONSE)
def test_the_csp_allows_no_inline_script_or_style(client, path):
    policy = csp(get(client, path))
    for directive in ("script-src", "style-src", "default-src"):
        sources = policy.get(directive, "")
        assert "'unsafe-inline'" not in sources
        assert "'unsafe-eval'" not in sources
        assert "*" not in sources.split()
        assert not re.search(r"(^|\s)(https?:|data:)(\s|$)", sources)
    assert policy["script-src"].split()[0] == "'self'"


def test_the_page_nonce_is_the_one_in_the_policy(client):
    response = client.get("/")
    nonce = re.search(r"'nonce-([^']+)'", csp(response)["script-src"]).group(1)
    assert f'nonce="{nonce}"' in response.text
    assert nonce not in client.get("/").headers["Content-Security-Policy"]  # new every time


def test_map_tiles_may_load_from_the_configured_tile_host(client, app, monkeypatch):
    monkeypatch.setitem(app.config, "MAP_TILE_URL", "https://tegels.rotterdam.nl/{z}/{x}/{y}.png")
    assert "https://tegels.rotterdam.nl" in csp(client.get("/kaart/"))["img-src"].split()


@pytest.mark.parametrize(
    ("tile_url", "source"),
    [
        ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
        ("https://tiles.example.org:8443/{z}/{x}/{y}.png", "https://tiles.example.org:8443"),
        ("//tiles.example.org/{z}/{x}/{y}.png", "https://tiles.example.org"),
        ("/tegels/{z}/{x}/{y}.png", None),
    ],
)
def test_the_tile_source_is_taken_from_the_tile_url(tile_url, source):
    assert tile_source(tile_url) == source


def test_no_hsts_over_plain_http(client):
    assert "Strict-Transport-Security" not in client.get("/").headers


def test_hsts_over_https(client):
    response = client.get("/", base_url="https://localhost")
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_a_forwarded_https_header_is_ignored_without_trusted_proxies(client):
    response = client.get("/", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in response.headers


def test_a_trusted_proxy_that_says_https_gets_hsts(tmp_path):
    proxied = create_app({**conftest.test_config(tmp_path), "TRUSTED_PROXIES": 1})
    response = proxied.test_client().get("/robots.txt", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" in response.headers


# --- Cache-Control: no-store ---------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    ["/inloggen", "/registreren", "/wachtwoord-vergeten", "/wachtwoord-herstellen/onzin"],
)
def test_log_in_register_and_password_pages_are_not_stored(client, path):
    assert client.get(path).headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("path", ["/", "/oproepen/", "/kaart/", "/bestaat-niet"])
def test_every_page_for_a_logged_in_person_is_not_stored(client, path):
    log_in(client, UserFactory())
    assert client.get(path).headers["Cache-Control"] == "no-store"


def test_a_logged_in_persons_posting_page_is_not_stored(client):
    posting = PostingFactory(published=True)
    log_in(client, posting.author)
    assert client.get(f"/oproepen/{posting.id}").headers["Cache-Control"] == "no-store"


def test_public_pages_for_a_visitor_may_be_cached(client):
    assert "no-store" not in client.get("/over").headers.get("Cache-Control", "")


def test_static_files_stay_cacheable_for_a_logged_in_person(client):
    log_in(client, UserFactory())
    assert "no-store" not in get(client, "/static/css/site.css").headers.get("Cache-Control", "")


# --- templates keep to the policy ----------------------------------------------------------

TEMPLATES = sorted((PROJECT_ROOT / "templates").rglob("*.html"))


def relative(path: Path) -> str:
    return str(path.relative_to(PROJECT_ROOT))


@pytest.mark.parametrize("template", TEMPLATES, ids=relative)
def test_templates_have_no_inline_script_style_or_event_handler(template):
    text = template.read_text()
    inline_scripts = [
        tag
        for tag in re.findall(r"<script\b[^>]*>", text)
        # Data blocks (JSON, schema.org JSON-LD) are never run by the browser.
        if "src=" not in tag
        and 'type="application/json"' not in tag
        and 'type="application/ld+json"' not in tag
    ]
    assert inline_scripts == []
    assert not re.search(r"<style\b", text)
    assert not re.search(r"\sstyle=", text)
    assert not re.search(r"\son[a-z]+\s*=", text)
    assert "javascript:" not in text.lower()


def test_no_script_tag_in_a_data_block_runs_without_the_nonce(client):
    page = client.get("/").text
    for tag in re.findall(r"<script\b[^>]*>", page):
        assert "src=" in tag or "nonce=" in tag
