"""The kaart's forms: a service, a taxonomy term, the administrator's import."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
)
from wtforms.validators import InputRequired, NumberRange, Optional

from marketplace.form_fields import MultiCheckboxField, text_area_field, text_field
from marketplace.sociale_kaart.labels import LANGUAGE_NAMES, value_label
from marketplace.sociale_kaart.models import (
    CostKind,
    Delivery,
    Frequency,
    Service,
    Setting,
    Vocabulary,
)
from marketplace.sociale_kaart.upkeep import SERVICE_COLUMNS, ServiceData


class ImportForm(FlaskForm):
    package = FileField(
        _l("HSDS-bestand (zip met CSV-bestanden, of JSON)"),
        validators=[
            FileRequired(_l("Kies het bestand met de diensten.")),
            FileAllowed(["zip", "json"], _l("Kies een .zip- of .json-bestand.")),
        ],
    )


_TOO_LONG = _l("Maak dit korter: hoogstens %(max)d tekens.")
_AGE = _l("Vul een leeftijd in van 0 tot 120, of laat het leeg.")


def _optional_age(label: Any) -> IntegerField:
    return IntegerField(
        label,
        validators=[Optional(), NumberRange(min=0, max=120, message=_AGE)],
        invalid_value_message=_AGE,
        render_kw={"inputmode": "numeric"},
    )


class ServiceForm(FlaskForm):
    name = text_field(
        _l("Naam van de dienst"), 200, _TOO_LONG, required=_l("Vul de naam van de dienst in.")
    )
    description = text_area_field(
        _l("Wat is het, concreet?"),
        4000,
        _TOO_LONG,
        required=_l("Vertel in een paar zinnen wat de dienst is."),
    )
    application_process = text_area_field(_l("Hoe werkt het?"), 2000, _TOO_LONG, optional=True)
    problems = MultiCheckboxField(_l("Voor welke problemen?"), choices=[])
    groups = MultiCheckboxField(_l("Voor wie?"), choices=[])
    cost_kind = RadioField(
        _l("Kosten"),
        choices=[SelectChoice(kind.value, value_label(kind.value)) for kind in CostKind],
        default=CostKind.FREE.value,
    )
    fees_description = text_field(_l("Uitleg over de kosten"), 1000, _TOO_LONG, optional=True)
    delivery = RadioField(
        _l("In een groep of alleen"),
        choices=[SelectChoice(kind.value, value_label(kind.value)) for kind in Delivery],
        default=Delivery.INDIVIDUAL.value,
    )
    setting = RadioField(
        _l("Waar"),
        choices=[SelectChoice(kind.value, value_label(kind.value)) for kind in Setting],
        default=Setting.ELSEWHERE.value,
    )
    frequency = RadioField(
        _l("Hoe vaak"),
        choices=[SelectChoice(kind.value, value_label(kind.value)) for kind in Frequency],
        default=Frequency.ONGOING.value,
    )
    referral_required = BooleanField(_l("Een verwijzing of indicatie is nodig"))
    eligibility_description = text_area_field(
        _l("Voorwaarden (bijvoorbeeld inkomen of woonplaats)"), 1000, _TOO_LONG, optional=True
    )
    minimum_age = _optional_age(_l("Vanaf leeftijd"))
    maximum_age = _optional_age(_l("Tot en met leeftijd"))
    languages = MultiCheckboxField(
        _l("Talen"), choices=[SelectChoice(code, name) for code, name in LANGUAGE_NAMES.items()]
    )
    phone = text_field(_l("Telefoonnummer"), 30, _TOO_LONG, optional=True)
    email = text_field(_l("E-mailadres"), 254, _TOO_LONG, optional=True, kind=EmailField)
    url = text_field(_l("Website"), 300, _TOO_LONG, optional=True)
    location_name = text_field(_l("Naam van de plek"), 200, _TOO_LONG, optional=True)
    address = text_field(_l("Adres (straat en nummer)"), 200, _TOO_LONG, optional=True)
    postcode = text_field(_l("Postcode"), 10, _TOO_LONG, optional=True)
    opening_hours = text_field(_l("Wanneer (dagen en tijden)"), 500, _TOO_LONG, optional=True)

    def data_for_service(self) -> ServiceData:
        return ServiceData(
            name=self.name.data,
            description=self.description.data,
            application_process=self.application_process.data or "",
            url=self.url.data or None,
            email=self.email.data or None,
            phone=self.phone.data or None,
            cost_kind=self.cost_kind.data,
            fees_description=self.fees_description.data or "",
            delivery=self.delivery.data,
            setting=self.setting.data,
            frequency=self.frequency.data,
            referral_required=bool(self.referral_required.data),
            eligibility_description=self.eligibility_description.data or "",
            minimum_age=self.minimum_age.data,
            maximum_age=self.maximum_age.data,
            term_ids=[*self.problems.data, *self.groups.data],
            languages=self.languages.data,
            location_name=self.location_name.data or "",
            address=self.address.data or "",
            postcode=self.postcode.data or "",
            opening_hours=self.opening_hours.data or "",
        )

    def fill_from(self, service: Service) -> None:
        for name in SERVICE_COLUMNS:
            getattr(self, name).data = getattr(service, name)
        term_ids = [term.id for term in service.terms]
        self.problems.data = [t for t in term_ids if t in {c.value for c in self.problems.choices}]
        self.groups.data = [t for t in term_ids if t in {c.value for c in self.groups.choices}]
        self.languages.data = [language.code for language in service.languages]
        self.phone.data = service.phones[0].number if service.phones else ""
        if service.service_at_locations:
            place = service.service_at_locations[0].location
            self.location_name.data = place.name
            self.address.data = place.address_1
            self.postcode.data = place.postal_code
        self.opening_hours.data = service.schedules[0].description if service.schedules else ""


class RenameTermForm(FlaskForm):
    """A term's names, in Dutch and in English."""

    name = text_field(_l("Naam"), 120, _TOO_LONG, required=_l("Vul een naam in."))
    name_en = text_field(_l("Naam in het Engels"), 120, _TOO_LONG, optional=True)


class TermForm(RenameTermForm):
    """A new term: its names, and the list it belongs to."""

    taxonomy = RadioField(
        _l("Soort"),
        choices=[
            SelectChoice(Vocabulary.PROBLEM.value, _l("Soort probleem")),
            SelectChoice(Vocabulary.TARGET_GROUP.value, _l("Doelgroep (voor wie)")),
        ],
        default=Vocabulary.PROBLEM.value,
    )


class DeleteTermForm(FlaskForm):
    """Deleting a term; ``move_to``'s choices (the other terms of its list) come from the
    view."""

    move_to = SelectField(
        _l("Diensten met deze soort verplaatsen naar"), choices=[], validate_choice=False
    )


class EmptyForm(FlaskForm):
    """A button that only needs the CSRF token."""


class ReferralForm(FlaskForm):
    person_name = text_field(
        _l("Naam van de persoon"), 120, _TOO_LONG, required=_l("Vul de naam in.")
    )
    person_phone = text_field(
        _l("Telefoonnummer van de persoon"),
        30,
        _TOO_LONG,
        required=_l("Vul een telefoonnummer in, zodat de dienst de persoon kan bellen."),
    )
    question = text_area_field(
        _l("Waar heeft de persoon hulp bij nodig?"),
        1000,
        _TOO_LONG,
        required=_l("Schrijf kort op waar de persoon hulp bij nodig heeft."),
    )
    consent = BooleanField(
        _l("De persoon vindt het goed dat ik deze gegevens aan de dienst doorgeef")
    )


class OutcomeForm(FlaskForm):
    outcome = RadioField(
        _l("Hoe is het gegaan?"),
        choices=[
            SelectChoice("helped", _l("De dienst helpt de persoon")),
            SelectChoice("in_progress", _l("Het loopt nog")),
            SelectChoice("not_reached", _l("De dienst kreeg de persoon niet te pakken")),
            SelectChoice("declined", _l("De persoon wilde toch niet")),
        ],
        validators=[InputRequired(_l("Kies hoe het is gegaan."))],
    )
