"""Forms of responses and conversations."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length, Optional

from marketplace.form_fields import strip
from marketplace.privacy_form import PrivacyCheckMixin

MAX_MESSAGE_LENGTH = 2000
# The services cut at the same lengths.
MAX_REASON_LENGTH = 300
MAX_THANKS_LENGTH = 500
# WTForms fills in %(length)d and %(max)d.
TOO_LONG = _l("Uw bericht is %(length)d tekens lang. Maak het korter: hoogstens %(max)d tekens.")


class RespondForm(PrivacyCheckMixin, FlaskForm):
    message = TextAreaField(
        _l("Uw bericht"),
        filters=[strip],
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
        filters=[strip],
        validators=[
            DataRequired(_l("Schrijf eerst uw bericht.")),
            Length(
                max=MAX_MESSAGE_LENGTH,
                message=TOO_LONG,
            ),
        ],
    )


class WithdrawForm(FlaskForm):
    """ "Ik kan toch niet helpen": the confirmation, with an optional short reason."""

    reason = TextAreaField(
        _l("Wilt u kort zeggen waarom? (niet verplicht)"),
        filters=[strip],
        validators=[
            Optional(),
            Length(
                max=MAX_REASON_LENGTH,
                message=_l(
                    "Uw uitleg is %(length)d tekens lang. Maak hem korter: hoogstens "
                    "%(max)d tekens."
                ),
            ),
        ],
    )


class ThanksForm(FlaskForm):
    body = TextAreaField(
        _l("Uw bedankje"),
        filters=[strip],
        validators=[
            DataRequired(_l("Schrijf eerst uw bedankje, bijvoorbeeld: Fijn dat u er was!")),
            Length(
                max=MAX_THANKS_LENGTH,
                message=_l(
                    "Uw bedankje is %(length)d tekens lang. Maak het korter: hoogstens "
                    "%(max)d tekens."
                ),
            ),
        ],
    )
