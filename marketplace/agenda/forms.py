"""The organiser's form for an activity, and the moderator's reason."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, RadioField, SelectChoice, SelectField, TimeField
from wtforms.fields import IntegerField
from wtforms.validators import DataRequired, NumberRange, Optional, ValidationError

from marketplace.agenda.models import ActivityKind
from marketplace.agenda.schedule import Repeat
from marketplace.form_fields import date_field, one_of, postcode_field, text_area_field, text_field
from marketplace.geo.postcodes import InvalidPostcode, UnknownPostcode, lookup_postcode

KIND_LABELS = {
    ActivityKind.COFFEE: _l("Koffie en inloop"),
    ActivityKind.MEAL: _l("Samen eten"),
    ActivityKind.WALK: _l("Wandelen"),
    ActivityKind.LANGUAGE: _l("Taalcafé"),
    ActivityKind.CREATIVE: _l("Creatief"),
    ActivityKind.EXERCISE: _l("Bewegen"),
    ActivityKind.GAMES: _l("Spelletjes"),
    ActivityKind.INFORMATION: _l("Informatie en voorlichting"),
    ActivityKind.OTHER: _l("Iets anders"),
}

REPEAT_LABELS = {
    Repeat.ONCE: _l("Eén keer"),
    Repeat.WEEKLY: _l("Elke week op deze dag"),
    Repeat.FORTNIGHTLY: _l("Om de week op deze dag"),
    Repeat.MONTHLY: _l("Elke maand (bijvoorbeeld elke eerste dinsdag)"),
}


def _parse_dates(text: str) -> list[date]:
    """Dates typed one per line or separated by commas (3-3-2026 or 2026-03-03)."""
    found = []
    for part in text.replace(",", "\n").split():
        for fmt in ("%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"):
            try:
                found.append(datetime.strptime(part, fmt).date())  # noqa: DTZ007  (a date only)
                break
            except ValueError:
                continue
        else:
            raise ValueError(part)
    return found


class ActivityForm(FlaskForm):
    # Staff choose their organisation or themselves ("": as a resident); set per request.
    organisation = SelectField(_l("Namens"), validate_choice=False, default="")
    title = text_field(
        _l("Naam van de activiteit"),
        120,
        required=_l("Vul de naam in, bijvoorbeeld ‘Koffieochtend’."),
    )
    kind = RadioField(
        _l("Soort activiteit"),
        choices=[SelectChoice(k.value, label) for k, label in KIND_LABELS.items()],
        validators=one_of(KIND_LABELS, _l("Kies een soort activiteit.")),
    )
    description = text_area_field(
        _l("Wat gaan jullie doen?"), 2000, required=_l("Vertel kort wat er gebeurt.")
    )
    audience = text_field(_l("Voor wie?"), 200, optional=True)
    place_name = text_field(
        _l("Plek"), 120, required=_l("Vul de plek in, bijvoorbeeld ‘Buurthuis De Hoek’.")
    )
    street = text_field(
        _l("Straat en huisnummer van de plek"),
        120,
        required=_l("Vul straat en huisnummer van de plek in."),
    )
    postcode = postcode_field(_l("Postcode van de plek"))
    accessible = BooleanField(_l("Toegankelijk met rolstoel of rollator"))
    accessibility_note = text_field(
        _l("Toegankelijkheid (bijvoorbeeld: lift, invalidentoilet)"), 300, optional=True
    )
    dementia_friendly = BooleanField(_l("Geschikt voor mensen met dementie of hun mantelzorgers"))
    cost_euros = text_field(
        _l("Kosten in euro (leeg of 0: gratis)"),
        8,
        _l("Vul een bedrag in zoals 2,50."),
        optional=True,
    )
    signup_required = BooleanField(_l("Aanmelden is nodig"))
    places = IntegerField(
        _l("Aantal plaatsen per keer (leeg: geen grens)"),
        validators=[Optional(), NumberRange(1, 1000, _l("Vul een aantal van 1 tot 1000 in."))],
    )
    contact = text_field(_l("Contact (telefoon of e-mail van de organisator)"), 200, optional=True)
    photo = FileField(_l("Foto (niet verplicht)"))
    photo_alt = text_field(_l("Wat staat er op de foto?"), 200, optional=True)
    remove_photo = BooleanField(_l("Foto weghalen"))
    starts_on = date_field(
        _l("Datum (de eerste keer)"), required=_l("Vul een datum in zoals 3-3-2026.")
    )
    start_time = TimeField(
        _l("Begintijd"), validators=[DataRequired(_l("Vul een begintijd in zoals 10:00."))]
    )
    end_time = TimeField(
        _l("Eindtijd"), validators=[DataRequired(_l("Vul een eindtijd in zoals 11:30."))]
    )
    repeat = RadioField(
        _l("Hoe vaak?"),
        choices=[SelectChoice(r.value, label) for r, label in REPEAT_LABELS.items()],
        default=Repeat.ONCE,
        validators=one_of(REPEAT_LABELS, _l("Kies hoe vaak de activiteit is.")),
    )
    ends_on = date_field(_l("Laatste keer (leeg: geen einddatum)"), optional=True)
    exceptions = text_area_field(
        _l("Data waarop het niet doorgaat (bijvoorbeeld feestdagen)"), 2000, optional=True
    )

    # Set by the view when the activity already has a photo (its alt text stays needed).
    has_photo = False

    def photo_given(self) -> bool:
        upload = self.photo.data
        return bool(upload is not None and getattr(upload, "filename", ""))

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        # Not a validate_photo_alt: the field's Optional() stops those when it is empty.
        keeps_photo = self.has_photo and not self.remove_photo.data
        if (self.photo_given() or keeps_photo) and not self.photo_alt.data:
            self.photo_alt.errors = [
                *self.photo_alt.errors,
                _l(
                    "Beschrijf in een paar woorden wat er op de foto staat, voor wie niet kan zien."
                ),
            ]
            return False
        return valid

    def validate_postcode(self, field: Any) -> None:
        try:
            lookup_postcode(field.data or "")
        except (InvalidPostcode, UnknownPostcode) as error:
            raise ValidationError(
                _l("Deze postcode kennen wij niet. Vul een postcode in zoals 3011 AB.")
            ) from error

    def validate_cost_euros(self, field: Any) -> None:
        try:
            self.cost_cents()
        except ValueError as error:
            raise ValidationError(_l("Vul een bedrag in zoals 2,50.")) from error

    def validate_exceptions(self, field: Any) -> None:
        try:
            _parse_dates(field.data or "")
        except ValueError as error:
            raise ValidationError(_l("Vul de data in zoals 29-12-2026, één per regel.")) from error

    def validate_ends_on(self, field: Any) -> None:
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("De laatste keer kan niet vóór de eerste keer zijn."))

    def cost_cents(self) -> int:
        text = (self.cost_euros.data or "0").replace("€", "").replace(",", ".").strip() or "0"
        cents = round(float(text) * 100)
        if not 0 <= cents <= 100_000:
            raise ValueError(text)
        return cents

    def values(self) -> dict[str, Any]:
        return {
            "kind": self.kind.data,
            "title": self.title.data,
            "description": self.description.data,
            "audience": self.audience.data or "",
            "place_name": self.place_name.data,
            "street": self.street.data,
            "postcode": self.postcode.data,
            "accessible": bool(self.accessible.data),
            "accessibility_note": self.accessibility_note.data or "",
            "dementia_friendly": bool(self.dementia_friendly.data),
            "cost_cents": self.cost_cents(),
            "signup_required": bool(self.signup_required.data),
            "places": self.places.data,
            "contact": self.contact.data or "",
            "starts_on": self.starts_on.data,
            "start_time": self.start_time.data,
            "end_time": self.end_time.data,
            "ends_on": self.ends_on.data,
            "repeat": self.repeat.data,
            "exceptions": _parse_dates(self.exceptions.data or ""),
        }


class RejectForm(FlaskForm):
    reason = text_area_field(
        _l("Waarom niet?"), 500, required=_l("Schrijf de reden op; de bewoner ziet die.")
    )
