"""Factories and helpers for the intake tests."""

from __future__ import annotations

import factory

from marketplace.intake.models import Client
from tests.factories import BaseFactory, MembershipFactory, OrganisationFactory, person

CLIENT_PHONE = "010 765 4321"
CLIENT_NOTES = "Woont op driehoog, sleutel bij de buurvrouw."


class ClientFactory(BaseFactory):
    class Meta:
        model = Client

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Joke{chr(65 + n % 26)}")
    postcode = "3011 AB"
    neighbourhood = "Stadsdriehoek"
    phone = CLIENT_PHONE
    notes = CLIENT_NOTES


def staff_of(organisation, role: str = "staff"):
    """A confirmed person on the organisation's staff."""
    user = person("3012")
    MembershipFactory(organisation=organisation, user=user, role=role)
    return user
