"""Forms of the organisation pages. Every limit here is also a clear message."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DecimalField,
    IntegerField,
    RadioField,
    SelectChoice,
    StringField,
    URLField,
)
from wtforms.validators import (
    URL,
    AnyOf,
    InputRequired,
    NumberRange,
    Optional,
    Regexp,
    ValidationError,
)

from marketplace.accounts.memberships import MembershipRole
from marketplace.display_names import one_line_name
from marketplace.form_fields import (
    DutchDateField,
    MultiCheckboxField,
    category_field,
    date_field,
    email_field,
    one_of,
    postcode_field,
    strip,
    text_area_field,
    text_field,
)
from marketplace.organisations.models import ApplicationStatus
from marketplace.organisations.pipeline import VacancyDetailsData
from marketplace.organisations.services import OrganisationData, rotterdam_neighbourhoods
from marketplace.period_form import PeriodForm
from marketplace.postings.forms import PostingForm


def _with_scheme(value: Any) -> Any:
    """People type "www.buurtwerk.nl"; a link needs "https://" in front. Other schemes
    ("javascript:", "ftp://") are kept, so the check below refuses them."""
    if (
        isinstance(value, str)
        and value
        and not value.lower().startswith(("http://", "https://"))
        and not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", value)
    ):
        return "https://" + value
    return value


def _http_only(form: Any, field: Any) -> None:
    if field.data and not field.data.lower().startswith(("http://", "https://")):
        raise ValidationError(_l("Vul een webadres in dat begint met http:// of https://."))


class OrganisationSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a GET search that changes nothing

    q = text_field(_l("Zoek op naam"), 100, _l("Zoek met hoogstens 100 tekens."), optional=True)


class OrganisationForm(FlaskForm):
    name = text_field(
        _l("Naam van de organisatie"),
        120,
        _l("Gebruik voor de naam hoogstens 120 tekens."),
        required=_l("Vul de naam van de organisatie in."),
        validators=[one_line_name],
    )
    description = text_area_field(
        _l("Wat doet uw organisatie?"),
        5000,
        _l("Gebruik hoogstens 5000 tekens."),
        required=_l("Vertel in een paar zinnen wat uw organisatie doet."),
    )
    website = text_field(
        _l("Website"),
        200,
        _l("Gebruik voor de website hoogstens 200 tekens."),
        optional=True,
        kind=URLField,
        filters=[strip, _with_scheme],
        validators=[
            _http_only,
            URL(message=_l("Vul een webadres in, bijvoorbeeld www.buurtwerk.nl.")),
        ],
    )
    email = email_field(
        _l("E-mailadres van de organisatie"), _l("Gebruik hoogstens 254 tekens."), optional=True
    )
    phone = text_field(
        _l("Telefoonnummer van de organisatie"),
        30,
        _l("Gebruik hoogstens 30 tekens."),
        optional=True,
        validators=[
            Regexp(
                r"^\+?[0-9 ()-]{6,}$",
                message=_l("Vul een telefoonnummer in, bijvoorbeeld 010 - 123 45 67."),
            ),
        ],
    )
    wijken = MultiCheckboxField(
        _l("Wijken in Rotterdam waar u werkt"),
        validate_choice=False,  # checked below, with a message that says what to do
    )
    neighbourhoods = text_field(
        _l("Andere wijken of plaatsen"), 500, _l("Gebruik hoogstens 500 tekens."), optional=True
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.wijken.choices = [(name, name) for name in rotterdam_neighbourhoods()]

    def validate_wijken(self, field: Any) -> None:
        known = set(rotterdam_neighbourhoods())
        if any(name not in known for name in field.data or []):
            raise ValidationError(_l("Kies wijken uit de lijst. Andere wijken typt u hieronder."))

    def validate_neighbourhoods(self, field: Any) -> None:
        if len(", ".join(self.neighbourhood_names)) > 500:
            raise ValidationError(_l("Kies minder wijken: samen hoogstens 500 tekens."))

    @property
    def neighbourhood_names(self) -> list[str]:
        typed = [name.strip() for name in (self.neighbourhoods.data or "").split(",")]
        return [*(self.wijken.data or []), *typed]

    def organisation_data(self) -> OrganisationData:
        return OrganisationData(
            name=self.name.data,
            description=self.description.data,
            website=self.website.data,
            email=self.email.data,
            phone=self.phone.data,
            neighbourhoods=self.neighbourhood_names,
        )

    def fill_neighbourhoods(self, names: list[str]) -> None:
        """Split stored names into the Rotterdam checkboxes and the free text."""
        known = set(rotterdam_neighbourhoods())
        self.wijken.data = [name for name in names if name in known]
        self.neighbourhoods.data = ", ".join(name for name in names if name not in known)


class LogoForm(FlaskForm):
    logo = FileField(
        _l("Logo"),
        validators=[FileRequired(_l("Kies een plaatje: PNG, JPEG of WebP, hoogstens 1 MB."))],
    )


class RejectOrganisationForm(FlaskForm):
    reason = text_area_field(
        _l("Waarom wijst u de organisatie af?"),
        1000,
        _l("Gebruik hoogstens 1000 tekens."),
        required=_l("Schrijf op waarom, zodat de organisatie het kan verbeteren."),
    )


ROLE_CHOICES = [
    SelectChoice(
        MembershipRole.STAFF.value, _l("Medewerker: plaatst vacatures en ziet aanmeldingen")
    ),
    SelectChoice(MembershipRole.COORDINATOR.value, _l("Coördinator: beheert ook de medewerkers")),
]


def _role_field(label: Any = None) -> RadioField:
    return RadioField(
        label or _l("Rol"),
        choices=ROLE_CHOICES,
        default=MembershipRole.STAFF.value,
        validate_choice=False,  # AnyOf below says how to fix it
        validators=one_of(MembershipRole, _l("Kies medewerker of coördinator.")),
    )


class InviteForm(FlaskForm):
    email = email_field(
        _l("E-mailadres van uw collega"),
        _l("Gebruik hoogstens 254 tekens."),
        required=_l("Vul het e-mailadres van uw collega in."),
    )
    role = _role_field()


class ChangeRoleForm(FlaskForm):
    role = _role_field(_l("Nieuwe rol"))


class VacancyForm(PostingForm):
    """A posting form with the words of volunteer work; the posting rules stay in one place."""

    category_id = category_field(_l("Bij welke soort hulp past het werk?"))
    postcode = postcode_field(_l("Postcode van de plek waar het werk is"))
    ends_on = DutchDateField(_l("Tot wanneer zoekt u vrijwilligers?"))


def _optional_text(label: Any) -> Any:
    return text_area_field(label, 1000, _l("Gebruik hoogstens 1000 tekens."), optional=True)


class VacancyDetailsForm(FlaskForm):
    """What volunteers want to know besides the text: hours, dates, VOG, training, access."""

    hours_per_week = IntegerField(
        _l("Hoeveel uur per week?"),
        validators=[
            Optional(),
            NumberRange(min=1, max=40, message=_l("Vul een aantal uren in van 1 tot en met 40.")),
        ],
    )
    starts_on = date_field(_l("Vanaf wanneer?"), optional=True)
    work_ends_on = date_field(_l("Tot wanneer duurt het werk?"), optional=True)
    needs_vog = BooleanField(_l("Een Verklaring Omtrent het Gedrag (VOG) is nodig"))
    training = _optional_text(_l("Welke training of begeleiding krijgt de vrijwilliger?"))
    accessibility = _optional_text(_l("Hoe toegankelijk is de plek?"))
    suits_newcomers = BooleanField(_l("Geschikt voor nieuwkomers en mensen die Nederlands leren"))

    def validate_work_ends_on(self, field: Any) -> None:
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError(_l("Kies een einddatum op of na de begindatum."))

    def details_data(self) -> VacancyDetailsData:
        return VacancyDetailsData(
            hours_per_week=self.hours_per_week.data,
            starts_on=self.starts_on.data,
            ends_on=self.work_ends_on.data,
            needs_vog=bool(self.needs_vog.data),
            training=self.training.data,
            accessibility=self.accessibility.data,
            suits_newcomers=bool(self.suits_newcomers.data),
        )

    def fill_details(self, details: Any) -> None:
        self.hours_per_week.data = details.hours_per_week
        self.starts_on.data = details.starts_on
        self.work_ends_on.data = details.ends_on
        self.needs_vog.data = details.needs_vog
        self.training.data = details.training
        self.accessibility.data = details.accessibility
        self.suits_newcomers.data = details.suits_newcomers


class VacancyWithDetailsForm(VacancyForm, VacancyDetailsForm):
    """The new-vacancy form: the posting's fields and the vacancy's details in one page."""


class MoveApplicationForm(FlaskForm):
    status = StringField(
        validators=one_of(ApplicationStatus, _l("Kies waar de aanmelding heen moet."))
    )


class NoteForm(FlaskForm):
    body = text_area_field(
        _l("Notitie"),
        2000,
        _l("Gebruik hoogstens 2000 tekens."),
        required=_l("Schrijf eerst een notitie."),
    )


class DutchDecimalField(DecimalField):
    """Accepts "2,5" as well as "2.5"."""

    def process_formdata(self, valuelist: list[Any]) -> None:
        super().process_formdata([value.replace(",", ".") for value in valuelist])


class HoursForm(FlaskForm):
    worked_on = DutchDateField(
        _l("Datum"), validators=[InputRequired(_l("Vul de datum in, bijvoorbeeld 3-12-2026."))]
    )
    hours = DutchDecimalField(
        _l("Aantal uren"),
        places=2,
        validators=[
            InputRequired(_l("Vul het aantal uren in, bijvoorbeeld 2,5.")),
            NumberRange(min=0.25, max=24, message=_l("Vul een aantal uren in van 0,25 tot 24.")),
        ],
    )
    note = text_field(
        _l("Wat deed de vrijwilliger?"), 500, _l("Gebruik hoogstens 500 tekens."), optional=True
    )

    def validate(self, extra_validators: Any = None) -> bool:
        # A date field left blank but for spaces passes InputRequired and holds no date.
        return super().validate(extra_validators) and self.worked_on.data is not None


class ReferenceForm(FlaskForm):
    body = text_area_field(
        _l("Referentie"),
        3000,
        _l("Gebruik hoogstens 3000 tekens."),
        required=_l("Schrijf de referentie. Wat deed de vrijwilliger goed?"),
    )


class ShowReferenceForm(FlaskForm):
    show = StringField(validators=[AnyOf(["ja", "nee"], message=_l("Kies tonen of verbergen."))])


class FiguresPeriodForm(PeriodForm):
    """The period of an organisation's own figures: the same form as the municipality's
    dashboard (``marketplace.period_form``), from date to date included."""
