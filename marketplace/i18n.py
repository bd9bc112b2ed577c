"""Which language a page is in: the person's choice, then the browser's, then Dutch."""

from __future__ import annotations

from typing import Any

from flask import Flask, current_app, g, has_request_context, request
from flask_babel import get_locale, get_translations
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


def _translations() -> Any:
    """This request's catalogue for the templates' ``_()``, looked up once per language.

    Flask-Babel finds it anew for every string (a page has a few hundred: several context
    lookups each); the catalogue is kept on Flask-Babel's own per-request state next to the
    locale it belongs to, so ``force_locale`` (a mail in the recipient's language) and
    ``refresh`` still switch it."""
    state = g.get("_flask_babel")
    locale = getattr(state, "babel_locale", None)
    if locale is None:
        return get_translations()
    kept = getattr(state, "_jinja_translations", None)
    if kept is not None and kept[0] is locale:
        return kept[1]
    translations = get_translations()
    state._jinja_translations = (locale, translations)
    return translations


def gettext(string: str, **variables: Any) -> str:
    """Flask-Babel's ``gettext`` through the catalogue kept for this request (see
    ``_translations``): a list's cards ask for a few strings each, and Flask-Babel's own
    lookup cost more than the rest of a card."""
    translated = str(_translations().ugettext(string))
    return translated % variables if variables else translated


def init_app(app: Flask) -> None:
    babel.init_app(
        app,
        locale_selector=select_locale,
        default_translation_directories=str(app.root_path + "/translations"),
    )
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
    )
