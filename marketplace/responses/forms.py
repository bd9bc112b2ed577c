"""Forms of responses and conversations."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from marketplace.privacy_form import PrivacyCheckMixin

MAX_MESSAGE_LENGTH = 2000
# WTForms fills in %(length)d and %(max)d.
TOO_LONG = _l("Uw bericht is %(length)d tekens lang. Maak het korter: hoogstens %(max)d tekens.")


def _strip(value: str | None) -> str | None:
    return value.strip() if isinstance(value, str) else value


class RespondForm(PrivacyCheckMixin, FlaskForm):
    message = TextAreaField(
        _l("Uw bericht"),
        filters=[_strip],
        validators=[
            DataRequired(
                _l("Schrijf een kort bericht, bijvoorbeeld wie u bent en wanneer u kunt.")
            ),
            Length(
                max=MAX_MESSAGE_LENGTH,
                message=TOO_LONG,
            ),
        ],
    )


class MessageForm(PrivacyCheckMixin, FlaskForm):
    body = TextAreaField(
        _l("Nieuw bericht"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Schrijf eerst uw bericht.")),
            Length(
                max=MAX_MESSAGE_LENGTH,
                message=TOO_LONG,
            ),
        ],
    )
