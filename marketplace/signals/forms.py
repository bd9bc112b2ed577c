"""The forms: the resident's steps, the staff's one page, and the handlers' actions.

The steps share one form class. Each step shows its own fields and carries the answers of
the other steps along as hidden fields, so nothing typed is lost between steps, nothing is
stored before the signal is sent, and it works without JavaScript.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectChoice, SelectField
from wtforms.validators import Optional

from marketplace.dayparts import PART_LABELS
from marketplace.form_fields import (
    MultiCheckboxField,
    date_field,
    email_field,
    one_of,
    text_area_field,
    text_field,
)
from marketplace.signals.addresses import HOUSE_NUMBER_MAX, STREET_MAX
from marketplace.signals.models import (
    DID_CHOICES,
    NOTICED_CHOICES,
    SignalOutcome,
    SignalSince,
    VisitDaypart,
)
from marketplace.signals.submitting import EMAIL_MAX, NAME_MAX, PHONE_MAX, TEXT_MAX, SignalData

NOTICED_LABELS = {
    "curtains": _l("De gordijnen zijn al dagen dicht"),
    "post": _l("De post stapelt zich op"),
    "not_seen": _l("Ik zie de persoon al een tijd niet meer"),
    "confused": _l("De persoon lijkt in de war"),
    "neglected": _l("Het huis of de tuin raakt verwaarloosd"),
    "other": _l("Iets anders"),
}
DID_LABELS = {
    "rang_bell": _l("Ik heb aangebeld"),
    "asked_neighbours": _l("Ik heb de buren gevraagd"),
    "called_family": _l("Ik heb familie of bekenden gebeld"),
    "nothing": _l("Nog niets"),
}
SINCE_LABELS = {
    SignalSince.DAYS: _l("Een paar dagen"),
    SignalSince.WEEKS: _l("Een paar weken"),
    SignalSince.MONTHS: _l("Maanden of langer"),
    SignalSince.UNKNOWN: _l("Dat weet ik niet"),
}
OUTCOME_LABELS = {
    SignalOutcome.NO_CONCERN: _l("Geen zorg: het gaat goed"),
    SignalOutcome.HELP_ARRANGED: _l("Hulp geregeld"),
    SignalOutcome.PROFESSIONAL_CARE: _l("Doorverwezen naar professionele zorg"),
    SignalOutcome.HELP_DECLINED: _l("Hulp niet gewenst"),
    SignalOutcome.NOT_FOUND: _l("Persoon niet gevonden"),
    SignalOutcome.MERGED: _l("Samengevoegd met een andere melding"),
}
TOO_LONG = _l("Maak de tekst korter: hooguit %(max)d tekens.")

# The resident's steps, and the fields each asks.
STEPS = ("address", "noticed", "since", "did", "contact", "check")
STEP_FIELDS = {
    "address": ("street", "house_number", "postcode"),
    "noticed": ("noticed", "noticed_text"),
    "since": ("since",),
    "did": ("reporter_did", "reporter_did_text"),
    "contact": ("reporter_name", "reporter_phone", "reporter_email"),
    "check": (),
}
ANSWER_FIELDS = tuple(name for step in STEPS for name in STEP_FIELDS[step])


class SignalForm(FlaskForm):
    """Every answer of a signal. The steps validate their own fields (``validate_step``);
    the one-page form and the last step validate them all."""

    street = text_field(
        _l("Straat"),
        STREET_MAX,
        _l("Maak de straatnaam korter."),
        required=_l("Vul de straat in, bijvoorbeeld Hoogstraat."),
    )
    house_number = text_field(
        _l("Huisnummer"),
        HOUSE_NUMBER_MAX,
        _l("Vul het huisnummer in, bijvoorbeeld 12 of 12a."),
        required=_l("Vul het huisnummer in, bijvoorbeeld 12 of 12a."),
    )
    postcode = text_field(
        _l("Postcode"),
        10,
        _l("Vul de hele postcode in, bijvoorbeeld 3011 AB."),
        required=_l("Vul de hele postcode in, bijvoorbeeld 3011 AB."),
    )
    noticed = MultiCheckboxField(
        _l("Wat viel u op?"),
        choices=[SelectChoice(c, NOTICED_LABELS[c]) for c in NOTICED_CHOICES],
        validate_choice=False,
    )
    noticed_text = text_area_field(
        _l("Vertel in uw eigen woorden wat u zag"), TEXT_MAX, TOO_LONG, optional=True
    )
    since = RadioField(
        _l("Sinds wanneer valt het u op?"),
        choices=[SelectChoice(s.value, SINCE_LABELS[s]) for s in SignalSince],
        validators=one_of([s.value for s in SignalSince], _l("Kies sinds wanneer het u opvalt.")),
    )
    reporter_did = MultiCheckboxField(
        _l("Wat heeft u al gedaan?"),
        choices=[SelectChoice(c, DID_LABELS[c]) for c in DID_CHOICES],
        validate_choice=False,
    )
    reporter_did_text = text_area_field(
        _l("Iets anders dat u deed"), TEXT_MAX, TOO_LONG, optional=True
    )
    reporter_name = text_field(_l("Uw naam"), NAME_MAX, TOO_LONG, optional=True)
    reporter_phone = text_field(
        _l("Uw telefoonnummer"),
        PHONE_MAX,
        _l("Vul een telefoonnummer in zoals 010 123 4567."),
        optional=True,
    )
    reporter_email = email_field(
        _l("Uw e-mailadres"), TOO_LONG, max_length=EMAIL_MAX, optional=True
    )
    # Where the person is in the steps: the step sent, and where to go next.
    step = HiddenField()
    back_to_check = HiddenField()

    def validate_step(self, step: str) -> bool:
        """Check only this step's answers (and the CSRF token)."""
        names = STEP_FIELDS.get(step, ())
        checks = [self._fields[name].validate(self) for name in names]
        if "csrf_token" in self._fields:
            checks.append(self._fields["csrf_token"].validate(self))
        if (
            step == "noticed"
            and all(checks)
            and not self.noticed.data
            and not self.noticed_text.data
        ):
            self.noticed.errors = [_l("Kies wat u opviel, of schrijf het op.")]
            return False
        return all(checks)

    def signal_data(self) -> SignalData:
        return SignalData(
            street=self.street.data or "",
            house_number=self.house_number.data or "",
            postcode=self.postcode.data or "",
            noticed=list(self.noticed.data or []),
            noticed_text=self.noticed_text.data or "",
            since=self.since.data or SignalSince.UNKNOWN,
            reporter_did=list(self.reporter_did.data or []),
            reporter_did_text=self.reporter_did_text.data or "",
            reporter_name=self.reporter_name.data or "",
            reporter_phone=self.reporter_phone.data or "",
            reporter_email=self.reporter_email.data or "",
        )


class StatusForm(FlaskForm):
    status = RadioField(
        _l("Nieuwe status"),
        choices=[
            SelectChoice("in_progress", _l("In behandeling")),
            SelectChoice("visited", _l("Bezocht")),
        ],
        validators=one_of(["in_progress", "visited"], _l("Kies een status.")),
    )


class AssignForm(FlaskForm):
    assignee = SelectField(_l("Wie behandelt deze melding?"), validate_choice=False)


class VisitForm(FlaskForm):
    """Plan the visit: who goes (the view fills in the choices), which day, which daypart."""

    visitor = SelectField(_l("Wie gaat er langs?"), validate_choice=False)
    day = date_field(_l("Welke dag?"), required=_l("Vul de dag in, bijvoorbeeld 8-12-2026."))
    daypart = RadioField(
        _l("Welk dagdeel?"),
        choices=[SelectChoice(p.value, PART_LABELS[p.value]) for p in VisitDaypart],
        validators=one_of([p.value for p in VisitDaypart], _l("Kies ochtend, middag of avond.")),
    )


class NoteForm(FlaskForm):
    body = text_area_field(
        _l("Notitie"),
        TEXT_MAX,
        _l("Maak de notitie korter: hooguit %(max)d tekens."),
        required=_l("Schrijf eerst een notitie."),
    )


class CloseForm(FlaskForm):
    outcome = RadioField(
        _l("Hoe is het afgelopen?"),
        choices=[
            SelectChoice(o.value, OUTCOME_LABELS[o])
            for o in SignalOutcome
            if o != SignalOutcome.MERGED
        ],
        validators=one_of(
            [o.value for o in SignalOutcome if o != SignalOutcome.MERGED],
            _l("Kies hoe het is afgelopen."),
        ),
    )


class MergeForm(FlaskForm):
    into = HiddenField(validators=[Optional()])


class SettingsForm(FlaskForm):
    wijken = MultiCheckboxField(
        _l("Voor welke wijken behandelt u meldingen?"), validate_choice=False
    )
    handlers = MultiCheckboxField(
        _l("Wie van uw medewerkers behandelt meldingen?"), validate_choice=False
    )


class EmptyForm(FlaskForm):
    """Only the CSRF token."""
