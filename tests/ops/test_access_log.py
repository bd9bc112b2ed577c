"""gunicorn's access log hides the tokens that links in e-mails carry."""

from __future__ import annotations

import pytest

from marketplace.access_log import hide_tokens
from marketplace.config import PROJECT_ROOT

RESET = "eyJ1c2VyX2lkIjo3fQ.Z3k8Qw.Xb4n0kQm2aR1vL9sT5yH8cJ6pE3wU7zA"
INVITE = "Qm9Z2k7xW3pL8vN4cR1tY6sH0aJ5dF9gK2bM7nV3qX8"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (
            f"GET /wachtwoord-herstellen/{RESET} HTTP/1.1",
            "GET /wachtwoord-herstellen/[token] HTTP/1.1",
        ),
        (f"/organisaties/uitnodiging/{INVITE}", "/organisaties/uitnodiging/[token]"),
        (
            f"https://buurthulp.nl/bevestigen/{RESET}?x=1",
            "https://buurthulp.nl/bevestigen/[token]?x=1",
        ),
    ],
)
def test_tokens_in_paths_are_hidden(line, expected):
    assert hide_tokens(line) == expected


@pytest.mark.parametrize(
    "path",
    [
        "/organisaties/stichting-welzijn-rotterdam-zuid-en-noord",
        "/oproepen/?postcode=3011&km=5&sort=nearest",
        "/oproepen/1234567",
        "/static/vendor/utrecht/component-library.css",
    ],
)
def test_ordinary_paths_stay_readable(path):
    assert hide_tokens(path) == path


def test_every_way_gunicorn_starts_reads_the_config_with_the_hiding_logger():
    config = (PROJECT_ROOT / "gunicorn.conf.py").read_text()
    assert 'logger_class = "marketplace.access_log.TokenHidingLogger"' in config
    assert "COPY gunicorn.conf.py" in (PROJECT_ROOT / "Dockerfile").read_text()
    for name in ("Procfile", "Dockerfile", "docker-compose.yml"):
        text = (PROJECT_ROOT / name).read_text()
        assert "--access-logfile" not in text and "--logger-class" not in text, name
