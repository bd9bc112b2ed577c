"""A notification as ``notify`` would write it (kept here: tests/factories.py is shared)."""

from __future__ import annotations

import factory

from marketplace.notifications.models import Notification, NotificationKind, NotificationStatus
from marketplace.timestamps import utcnow
from tests.factories import BaseFactory, UserFactory


class NotificationFactory(BaseFactory):
    class Meta:
        model = Notification

    recipient = factory.SubFactory(UserFactory)
    kind = NotificationKind.NEW_RESPONSE
    idempotency_key = factory.Sequence(lambda n: f"test:{n}")
    to_email = factory.LazyAttribute(lambda o: o.recipient.email)
    subject = factory.Sequence(lambda n: f"Nieuwe reactie {n}")
    body = "Iemand heeft gereageerd op uw oproep."
    link_path = "/berichten/"
    status = NotificationStatus.PENDING

    class Params:
        read = factory.Trait(read_at=factory.LazyFunction(utcnow))
