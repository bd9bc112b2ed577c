"""The forms for asking, giving and recording consent to act for someone."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice
from wtforms.validators import DataRequired

from marketplace.accounts.delegations import ConsentVia, Scope
from marketplace.display_names import one_line_name
from marketplace.form_fields import MultiCheckboxField, date_field, email_field, one_of, text_field

SCOPE_LABELS = {
    Scope.POST.value: _l("Hulpvragen plaatsen"),
    Scope.RESPOND.value: _l("Reacties lezen en beantwoorden"),
    Scope.ACCEPT.value: _l("Een vrijwilliger kiezen"),
}


def _email(label: Any, required: Any) -> Any:
    return email_field(label, _l("Een e-mailadres is hooguit %(max)d tekens."), required=required)


class _ConsentFields(FlaskForm):
    scopes = MultiCheckboxField(
        _l("Wat mag er namens deze persoon gebeuren?"),
        choices=[SelectChoice(value, label) for value, label in SCOPE_LABELS.items()],
        validators=[DataRequired(_l("Kies ten minste één ding dat mag."))],
    )
    ends_on = date_field(
        _l("Tot en met welke datum?"), required=_l("Vul een einddatum in, bijvoorbeeld 31-12-2027.")
    )
    relation = text_field(
        _l("Relatie (niet verplicht)"),
        60,
        _l("Houd het kort: hooguit %(max)d tekens, bijvoorbeeld ‘dochter’."),
        optional=True,
        validators=[one_line_name],
    )


class AskConsentForm(_ConsentFields):
    """The carer asks; the person confirms in her own account."""

    person_email = _email(
        _l("E-mailadres van de persoon voor wie u iets regelt"),
        _l("Vul het e-mailadres in waarmee deze persoon inlogt."),
    )


class RecordConsentForm(_ConsentFields):
    """The helpdesk records consent given on paper or by phone."""

    carer_email = _email(
        _l("E-mailadres van de mantelzorger"),
        _l("Vul het e-mailadres van de mantelzorger in."),
    )
    person_email = _email(
        _l("E-mailadres van de persoon die toestemming gaf"),
        _l("Vul het e-mailadres van de persoon in."),
    )
    via = RadioField(
        _l("Hoe gaf de persoon toestemming?"),
        choices=[
            SelectChoice(ConsentVia.PAPER.value, _l("Op papier (getekend formulier)")),
            SelectChoice(ConsentVia.PHONE.value, _l("Per telefoon")),
        ],
        validators=one_of(
            (ConsentVia.PAPER, ConsentVia.PHONE), _l("Kies hoe de persoon toestemming gaf.")
        ),
    )


class DecideForm(FlaskForm):
    """Only the CSRF token: give consent, or end it."""
