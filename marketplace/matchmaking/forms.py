"""The matchmaker's forms: a one-button invite or assignment, a case-log line, a needed
credential; the volunteer's yes or no; staff recording a credential."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import RadioField, SelectChoice, SelectField, SubmitField

from marketplace.form_fields import date_field, email_field, one_of, text_area_field
from marketplace.matchmaking.credentials import KIND_LABELS
from marketplace.matchmaking.models import CaseNoteKind, CredentialKind

NOTE_KIND_LABELS = {
    CaseNoteKind.CALL: _l("Gebeld"),
    CaseNoteKind.NOTE: _l("Notitie"),
}


class ButtonForm(FlaskForm):
    """A button: the form is only its CSRF token (invite, assign, yes, no, remove)."""


class CaseNoteForm(FlaskForm):
    kind = RadioField(
        _l("Wat was het?"),
        choices=[SelectChoice(kind.value, label) for kind, label in NOTE_KIND_LABELS.items()],
        default=CaseNoteKind.CALL.value,
        validators=one_of([k.value for k in CaseNoteKind], _l("Kies: gebeld of notitie.")),
    )
    body = text_area_field(
        _l("Wat gebeurde er?"),
        2000,
        _l("Schrijf het korter: hoogstens %(max)d tekens."),
        required=_l("Schrijf kort wat er gebeurde, bijvoorbeeld: gebeld, neemt niet op."),
        description=_l("Bijvoorbeeld: gebeld, neemt niet op. Of: terugbellen dinsdag."),
    )
    remind_on = date_field(
        _l("Herinner mij op (niet verplicht)"),
        optional=True,
        description=_l("U krijgt die dag een bericht. Bijvoorbeeld 8-12-2026."),
    )
    submit = SubmitField(_l("Opslaan in het logboek"))


class RequirementForm(FlaskForm):
    kind = SelectField(
        _l("Deze oproep vraagt om"),
        choices=[SelectChoice(kind.value, label) for kind, label in KIND_LABELS.items()],
        validators=one_of(
            [k.value for k in CredentialKind], _l("Kies wat de vrijwilliger moet hebben.")
        ),
    )
    submit = SubmitField(_l("Alleen vrijwilligers met dit bewijs"))


class CredentialForm(FlaskForm):
    email = email_field(
        _l("E-mailadres van de vrijwilliger"),
        _l("Dit e-mailadres is te lang: hoogstens %(max)d tekens."),
        required=_l("Vul het e-mailadres van de vrijwilliger in."),
    )
    kind = SelectField(
        _l("Soort bewijs"),
        choices=[SelectChoice(kind.value, label) for kind, label in KIND_LABELS.items()],
        validators=one_of([k.value for k in CredentialKind], _l("Kies een VOG of een training.")),
    )
    issued_on = date_field(
        _l("Datum op het bewijs"),
        required=_l("Vul de datum in die op het bewijs staat, bijvoorbeeld 3-12-2026."),
        description=_l("Bijvoorbeeld 3-12-2026."),
    )
    expires_on = date_field(
        _l("Geldig tot (niet verplicht)"),
        optional=True,
        description=_l("Leeg bij een VOG: die telt drie jaar."),
    )
    submit = SubmitField(_l("Bewijs vastleggen"))


INVITATION_STATUS_LABELS = {
    "pending": _l("Gevraagd, nog geen antwoord"),
    "accepted": _l("Zei ja: reactie staat bij de oproep"),
    "declined": _l("Zei nee"),
    "assigned": _l("Afgesproken aan de telefoon"),
}


class CredentialRuleForm(FlaskForm):
    """An admin's rule: every request in this category needs this credential."""

    category = SelectField(_l("Soort hulp"), validate_choice=False)
    kind = SelectField(
        _l("Vraagt om"),
        choices=[SelectChoice(kind.value, label) for kind, label in KIND_LABELS.items()],
        validate_choice=False,
    )

    def set_choices(self, categories: list[tuple[int, str]]) -> None:
        self.category.choices = [SelectChoice(str(cid), name) for cid, name in categories]

    def validate(self, extra_validators: Any = None) -> bool:
        """A value that is not one of the choices gets a message that says what to do."""
        super().validate(extra_validators)
        if str(self.category.data) not in {str(c.value) for c in self.category.choices}:
            self.category.errors = [_l("Kies een soort hulp uit de lijst.")]
        if str(self.kind.data) not in {k.value for k in CredentialKind}:
            self.kind.errors = [_l("Kies een VOG of een training.")]
        return not any(f.errors for f in self)
