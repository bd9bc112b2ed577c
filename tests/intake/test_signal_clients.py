"""On a concern signal, its handlers see the organisation's clients at that postcode."""

from __future__ import annotations

from tests.conftest import log_in
from tests.intake.helpers import ClientFactory
from tests.signals.factories import handling_organisation, make_signal


def test_a_handler_sees_a_client_of_her_organisation_at_the_signals_postcode(client):
    org = handling_organisation()
    ClientFactory(organisation=org.organisation, name="Joke", postcode="3011 AB")
    signal = make_signal()
    log_in(client, org.handler)
    page = client.get(f"/signalen/melding/{signal.id}").get_data(as_text=True)
    assert "Al cliënt?" in page and "Joke" in page


def test_clients_elsewhere_or_of_another_organisation_are_not_shown(client):
    org = handling_organisation()
    ClientFactory(organisation=org.organisation, name="Elders", postcode="3012 AB")
    ClientFactory(name="Anderen", postcode="3011 AB")
    signal = make_signal()
    log_in(client, org.handler)
    page = client.get(f"/signalen/melding/{signal.id}").get_data(as_text=True)
    assert "geen cliënten op deze postcode" in page
    assert "Elders" not in page and "Anderen" not in page
