"""Forms of the organisation pages. Every limit here is also a clear message."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    EmailField,
    RadioField,
    SelectChoice,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms.validators import URL, AnyOf, DataRequired, Email, Length, Optional, Regexp

from marketplace.organisations.models import MembershipRole
from marketplace.postings.forms import DutchDateField, PostingForm


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _with_scheme(value: Any) -> Any:
    """People type "www.buurtwerk.nl"; a link needs "https://" in front."""
    if isinstance(value, str) and value and not value.lower().startswith(("http://", "https://")):
        return "https://" + value
    return value


class OrganisationSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search that changes nothing

    q = StringField(
        _l("Zoek op naam"),
        filters=[_strip],
        validators=[Optional(), Length(max=100, message=_l("Zoek met hoogstens 100 tekens."))],
    )


class OrganisationForm(FlaskForm):
    name = StringField(
        _l("Naam van de organisatie"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Vul de naam van de organisatie in.")),
            Length(max=120, message=_l("Gebruik voor de naam hoogstens 120 tekens.")),
        ],
    )
    description = TextAreaField(
        _l("Wat doet uw organisatie?"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Vertel in een paar zinnen wat uw organisatie doet.")),
            Length(max=5000, message=_l("Gebruik hoogstens 5000 tekens.")),
        ],
    )
    website = URLField(
        _l("Website"),
        filters=[_strip, _with_scheme],
        validators=[
            Optional(),
            Length(max=200, message=_l("Gebruik voor de website hoogstens 200 tekens.")),
            URL(message=_l("Vul een webadres in, bijvoorbeeld www.buurtwerk.nl.")),
        ],
    )
    email = EmailField(
        _l("E-mailadres van de organisatie"),
        filters=[_strip],
        validators=[
            Optional(),
            Length(max=254, message=_l("Gebruik hoogstens 254 tekens.")),
            Email(message=_l("Vul een e-mailadres in, bijvoorbeeld info@buurtwerk.nl.")),
        ],
    )
    phone = StringField(
        _l("Telefoonnummer van de organisatie"),
        filters=[_strip],
        validators=[
            Optional(),
            Length(max=30, message=_l("Gebruik hoogstens 30 tekens.")),
            Regexp(
                r"^\+?[0-9 ()-]{6,}$",
                message=_l("Vul een telefoonnummer in, bijvoorbeeld 010 - 123 45 67."),
            ),
        ],
    )
    neighbourhoods = StringField(
        _l("Wijken waar u werkt"),
        filters=[_strip],
        validators=[
            Optional(),
            Length(max=500, message=_l("Gebruik hoogstens 500 tekens.")),
        ],
    )

    @property
    def neighbourhood_names(self) -> list[str]:
        return [name.strip() for name in (self.neighbourhoods.data or "").split(",")]


class RejectOrganisationForm(FlaskForm):
    reason = TextAreaField(
        _l("Waarom wijst u de organisatie af?"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Schrijf op waarom, zodat de organisatie het kan verbeteren.")),
            Length(max=1000, message=_l("Gebruik hoogstens 1000 tekens.")),
        ],
    )


class AddStaffForm(FlaskForm):
    email = EmailField(
        _l("E-mailadres van de medewerker"),
        filters=[_strip],
        validators=[
            DataRequired(_l("Vul het e-mailadres in waarmee de medewerker inlogt.")),
            Length(max=254, message=_l("Gebruik hoogstens 254 tekens.")),
            Email(message=_l("Vul een e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.")),
        ],
    )
    role = RadioField(
        _l("Rol"),
        choices=[
            SelectChoice(
                MembershipRole.STAFF.value, _l("Medewerker: plaatst vacatures en ziet aanmeldingen")
            ),
            SelectChoice(
                MembershipRole.COORDINATOR.value, _l("Coördinator: beheert ook de medewerkers")
            ),
        ],
        default=MembershipRole.STAFF.value,
        validate_choice=False,  # AnyOf below says how to fix it
        validators=[
            DataRequired(_l("Kies medewerker of coördinator.")),
            AnyOf(
                [role.value for role in MembershipRole],
                message=_l("Kies medewerker of coördinator."),
            ),
        ],
    )


class VacancyForm(PostingForm):
    """A posting form with the words of volunteer work; the posting rules stay in one place."""

    category_id = RadioField(
        _l("Bij welke soort hulp past het werk?"),
        coerce=int,
        validate_choice=False,
        validators=[DataRequired(_l("Kies een soort hulp uit de lijst."))],
    )
    postcode = StringField(
        _l("Postcode van de plek waar het werk is"),
        validators=[
            DataRequired(_l("Vul de postcode in, bijvoorbeeld 3011 AB.")),
            Length(max=10, message=_l("Vul een postcode in zoals 3011 AB.")),
        ],
    )
    ends_on = DutchDateField(_l("Tot wanneer zoekt u vrijwilligers?"))
