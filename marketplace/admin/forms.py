"""Forms for the admin pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SearchField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length

from marketplace.accounts.models import Role
from marketplace.form_fields import strip

ROLE_LABELS = {
    Role.MODERATOR: _l("Moderator (controleert oproepen en klachten)"),
    Role.ADMIN: _l("Beheerder (mag alles, ook rollen geven)"),
    Role.MUNICIPALITY: _l("Gemeente (ziet cijfers per wijk)"),
}


class UserSearchForm(FlaskForm):
    """A GET form: a search must be a link someone can share, so no CSRF token."""

    class Meta:
        csrf = False

    q = SearchField(
        _l("Zoek op e-mailadres of naam"),
        filters=[strip],
        validators=[Length(max=100, message=_l("Zoek met hoogstens 100 tekens."))],
    )


class RoleForm(FlaskForm):
    role = SelectField(
        _l("Rol"),
        choices=[SelectChoice(str(role), label) for role, label in ROLE_LABELS.items()],
        validators=[InputRequired(_l("Kies een rol."))],
    )


class ResetTwoFactorForm(FlaskForm):
    reason = TextAreaField(
        _l("Reden"),
        description=_l(
            "Bijvoorbeeld: belde op 3 december, telefoon gestolen; herkend aan geboortedatum "
            "en adres."
        ),
        filters=[strip],
        validators=[
            DataRequired(_l("Schrijf op waarom, en hoe u wist dat u de persoon zelf sprak.")),
            Length(max=500, message=_l("Schrijf de reden in hoogstens 500 tekens.")),
        ],
    )
