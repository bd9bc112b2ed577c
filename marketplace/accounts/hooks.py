"""How accounts plug into notifications: the worker makes the token of a confirmation,
password-reset or e-mail-change link as the mail goes out (``mail_links``)."""

from __future__ import annotations

from flask import Flask

from marketplace.accounts.mail_links import fill_secret_link
from marketplace.notifications import secret_links


def init_app(app: Flask) -> None:
    secret_links.register(app, fill_secret_link)
