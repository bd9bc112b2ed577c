"""A guest may pass on only so many worries: the limit keeps her text."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.signals.models import Signal
from tests.security.test_action_limits import limited_app  # noqa: F401  (fixture)
from tests.signals.test_making_a_signal import ANSWERS


def _send(client: FlaskClient, text: str) -> int:
    data = {**ANSWERS, "noticed_text": text, "step": "check", "goto": "send"}
    return client.post("/zorg-melden", data=data).status_code


def test_a_guest_over_the_limit_waits_and_keeps_what_she_typed(limited_app: Flask):  # noqa: F811
    client = limited_app.test_client()
    assert [_send(client, f"Zorg {n}") for n in range(2)] == [302, 302]
    page = client.post(
        "/zorg-melden",
        data={**ANSWERS, "noticed_text": "Mijn derde zorg", "step": "check", "goto": "send"},
    )
    assert page.status_code == 429
    assert "Wacht" in page.text and "Mijn derde zorg" in page.text
    assert db.session.scalar(select(func.count()).select_from(Signal)) == 2
