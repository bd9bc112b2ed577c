"""How notifications plug in: their rows go through the outbox."""

from __future__ import annotations

from flask import Flask

from marketplace import outbox
from marketplace.notifications.models import Notification


def init_app(app: Flask) -> None:
    outbox.register(Notification, "notifications.deliver_notification")
