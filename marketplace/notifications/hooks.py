"""How notifications plug in: their rows go through the outbox, and the menu shows how many
are unread."""

from __future__ import annotations

from flask import Flask

from marketplace import menu_figures, outbox
from marketplace.notifications.models import Notification
from marketplace.notifications.services import unread_count


def init_app(app: Flask) -> None:
    outbox.register(Notification, "notifications.deliver_notification")
    menu_figures.register(app, "unread_notifications", 0, unread_count)
