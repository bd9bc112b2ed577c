"""Forms of responses and conversations."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm

from marketplace.form_fields import text_area_field
from marketplace.privacy_form import PrivacyCheckMixin

MAX_MESSAGE_LENGTH = 2000
# The services cut at the same lengths.
MAX_REASON_LENGTH = 300
MAX_THANKS_LENGTH = 500
# WTForms fills in %(length)d and %(max)d.
TOO_LONG = _l("Uw bericht is %(length)d tekens lang. Maak het korter: hoogstens %(max)d tekens.")


class RespondForm(PrivacyCheckMixin, FlaskForm):
    message = text_area_field(
        _l("Uw bericht"),
        MAX_MESSAGE_LENGTH,
        TOO_LONG,
        required=_l("Schrijf een kort bericht, bijvoorbeeld wie u bent en wanneer u kunt."),
    )


class MessageForm(PrivacyCheckMixin, FlaskForm):
    body = text_area_field(
        _l("Nieuw bericht"), MAX_MESSAGE_LENGTH, TOO_LONG, required=_l("Schrijf eerst uw bericht.")
    )


class WithdrawForm(FlaskForm):
    """ "Ik kan toch niet helpen": the confirmation, with an optional short reason."""

    reason = text_area_field(
        _l("Wilt u kort zeggen waarom? (niet verplicht)"),
        MAX_REASON_LENGTH,
        _l("Uw uitleg is %(length)d tekens lang. Maak hem korter: hoogstens %(max)d tekens."),
        optional=True,
    )


class ThanksForm(FlaskForm):
    body = text_area_field(
        _l("Uw bedankje"),
        MAX_THANKS_LENGTH,
        _l("Uw bedankje is %(length)d tekens lang. Maak het korter: hoogstens %(max)d tekens."),
        required=_l("Schrijf eerst uw bedankje, bijvoorbeeld: Fijn dat u er was!"),
    )
