"""Forms for erasing an account or a client record."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms.validators import InputRequired

from marketplace.accounts.forms import password_field
from marketplace.form_fields import text_area_field


class EraseAccountForm(FlaskForm):
    """The person erases their own account: the password, and a tick that they understand."""

    understood = BooleanField(
        _l("Ik begrijp dat mijn account en mijn gegevens weg zijn en niet terugkomen."),
        validators=[
            InputRequired(_l("Zet een vinkje als u zeker weet dat u uw account wilt verwijderen."))
        ],
    )
    password = password_field(
        _l("Uw wachtwoord"), _l("Typ uw wachtwoord. Zo weten wij zeker dat u het zelf bent.")
    )


class EraseWithReasonForm(FlaskForm):
    """An admin erases someone's account, or staff a client record, with a reason."""

    reason = text_area_field(
        _l("Reden"),
        500,
        _l("Schrijf de reden in hoogstens 500 tekens."),
        required=_l("Schrijf op waarom, bijvoorbeeld: Verzoek per brief van 3 december."),
    )
    understood = BooleanField(
        _l("Ik weet dat dit niet ongedaan kan worden."),
        validators=[InputRequired(_l("Zet een vinkje om te bevestigen."))],
    )
