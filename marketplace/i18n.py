"""Which language a page is in: the person's choice, then the browser's, then Dutch."""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, request
from flask_babel import get_locale
from flask_login import current_user

from marketplace.extensions import babel

LANGUAGE_COOKIE = "lang"


def select_locale() -> str:
    languages: list[str] = current_app.config["LANGUAGES"]
    if not has_request_context():  # the worker: callers use force_locale per recipient
        return languages[0]
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return str(current_user.locale)
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if chosen in languages:
        return str(chosen)
    return request.accept_languages.best_match(languages) or languages[0]


def current_language() -> str:
    """The language of this page or mail ("nl" or "en"); Dutch when none was chosen."""
    return str(get_locale() or current_app.config["LANGUAGES"][0])


def init_app(app: Flask) -> None:
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(app.root_path + "/translations"),
    )
