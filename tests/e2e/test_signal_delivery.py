"""A worry reaches the people who go to the door, on real parts: a guest passes it on, the
real worker mails the organisation's signal handler over real SMTP at once, the
handler follows the link and sees the signal; the mail itself holds no address."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.signals.models import Signal
from tests.conftest import log_in
from tests.signals.factories import handling_organisation

pytestmark = pytest.mark.e2e

ANSWERS = {
    "street": "Hoogstraat",
    "house_number": "12",
    "postcode": "3011 AB",
    "noticed": ["curtains", "post"],
    "noticed_text": "De gordijnen zijn al een week dicht.",
    "since": "weeks",
    "reporter_did": ["rang_bell"],
}


def test_a_guests_worry_is_mailed_to_the_handler_who_opens_it_from_the_mail(app, e2e):
    organisation = handling_organisation()  # handles Stadsdriehoek, where 3011 AB is
    guest = app.test_client()
    response = guest.post("/zorg-melden", data={**ANSWERS, "step": "check", "goto": "send"})
    assert response.status_code == 302
    signal = db.session.scalars(select(Signal)).one()

    mail = e2e.smtp.wait_for(lambda m: organisation.handler.email in m.rcpt_tos)
    assert "Hoogstraat" not in mail.body and "3011 AB" not in mail.body

    handler = log_in(app.test_client(), organisation.handler)
    link = next(url for url in mail.links if "/signalen/" in url)
    page = handler.get(urlsplit(link).path, follow_redirects=True).get_data(as_text=True)
    assert "Hoogstraat 12" in page
    assert handler.get(f"/signalen/melding/{signal.id}").status_code == 200
