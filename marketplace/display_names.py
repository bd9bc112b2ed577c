"""Names that others see (people's display names, organisation names): one line of text.

A line break in a name breaks the lines of an e-mail ("Onderwerp: Nieuw bericht van ..."),
a CSV export or a log line, and can make a name look like a message from Buurthulp. Bidi
controls (U+202E and friends) and other invisible characters let a name pretend to be
another. Forms refuse such names with a message (``one_line_name``); services clean what
reaches them anyway (``clean_display_name``), so no other path can store one.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import Field
from wtforms.validators import ValidationError

# Unicode categories that are never part of a name: control characters (line breaks and
# tabs among them), line and paragraph separators, format characters (bidi controls,
# zero-width spaces), surrogates, private use and unassigned code points.
_FORBIDDEN_CATEGORIES = {"Cc", "Zl", "Zp", "Cf", "Cs", "Co", "Cn"}
# The one format character names do need: the joiner inside emoji and some scripts.
_ALLOWED_FORMAT = {"\u200d"}
_SPACES = re.compile(r"\s+")

ONE_LINE_MESSAGE = _l(
    "Typ de naam op één regel, zonder Enter, tab of onzichtbare tekens. Haal die weg en "
    "probeer het opnieuw."
)


def _forbidden(character: str) -> bool:
    return (
        unicodedata.category(character) in _FORBIDDEN_CATEGORIES
        and character not in _ALLOWED_FORMAT
    )


def has_forbidden_characters(value: str) -> bool:
    """True when ``value`` holds a line break, tab, control or invisible format character."""
    return any(_forbidden(character) for character in value)


def clean_display_name(value: str | None) -> str:
    """``value`` on one line: NFC-normalised, line breaks and tabs made spaces, other
    forbidden characters left out, runs of spaces made one, trimmed."""
    text = unicodedata.normalize("NFC", value or "")
    kept = []
    for character in text:
        if character.isspace():
            kept.append(" ")
        elif not _forbidden(character):
            kept.append(character)
    return _SPACES.sub(" ", "".join(kept)).strip()


def one_line_name(form: Any, field: Field) -> None:
    """WTForms validator: refuse a name with a line break, tab or invisible character."""
    if isinstance(field.data, str) and has_forbidden_characters(field.data):
        raise ValidationError(str(ONE_LINE_MESSAGE))
