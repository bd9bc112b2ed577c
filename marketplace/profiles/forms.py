"""The profile and notification-settings forms."""

from __future__ import annotations

import re
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    Field,
    Form,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectMultipleField,
    StringField,
    SubmitField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from marketplace import geo
from marketplace.dayparts import slots_from_mask
from marketplace.postings.forms import DutchDateField
from marketplace.postings.models import Category
from marketplace.profiles import errors
from marketplace.profiles.models import NotificationPreference, Profile
from marketplace.profiles.services import (
    LANGUAGES,
    MAX_RADIUS_KM,
    MAX_WEEKLY_ALERTS,
    MIN_RADIUS_KM,
    MIN_WEEKLY_ALERTS,
    PAUSE_UNTIL_DATE,
    ProfileData,
    availability_choices,
)

DEFAULT_RADIUS_KM = 5  # the model's default
DEFAULT_WEEKLY_ALERT_CAP = 5

PHONE_CHARACTERS = re.compile(r"^[0-9 +\-]+$")


class MultiCheckboxField(SelectMultipleField):
    """Several choices as checkboxes (the ``forms.field`` macro renders them as a fieldset)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def _availability_choices() -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in availability_choices()]


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _dutch_postcode(form: Form, field: Field) -> None:
    """Checked here too, so every mistake in the form shows at once."""
    try:
        geo.lookup_postcode(field.data or "")
    except geo.InvalidPostcode:
        raise ValidationError(str(errors.InvalidPostcode.message)) from None
    except geo.UnknownPostcode:
        raise ValidationError(str(errors.UnknownPostcode.message)) from None


def _phone_number(form: Form, field: Field) -> None:
    digits = sum(ch.isdigit() for ch in field.data)
    if not PHONE_CHARACTERS.match(field.data) or not 10 <= digits <= 15:
        raise ValidationError(
            _l("Vul een telefoonnummer in met 10 tot 15 cijfers, bijvoorbeeld 06 1234 5678.")
        )


_INVALID_CHOICE = _l("Kies een of meer van de mogelijkheden hieronder.")
_RADIUS_MESSAGE = errors.RadiusOutOfRange.message
_ALERT_CAP_MESSAGE = errors.AlertCapOutOfRange.message


class ProfileForm(FlaskForm):
    display_name = StringField(
        _l("Uw naam op Buurthulp"),
        filters=[_strip],
        validators=[
            DataRequired(message=errors.DisplayNameMissing.message),
            Length(max=80, message=_l("Gebruik een naam van hoogstens 80 tekens.")),
        ],
    )
    postcode = StringField(
        _l("Postcode"),
        filters=[_strip],
        validators=[
            DataRequired(message=_l("Vul uw postcode in, bijvoorbeeld 3011 AB.")),
            _dutch_postcode,
        ],
    )
    phone = StringField(
        _l("Telefoonnummer"),
        filters=[_strip],
        validators=[
            Optional(),
            Length(max=30, message=_l("Gebruik hoogstens 30 tekens.")),
            _phone_number,
        ],
    )
    wants_to_help = BooleanField(_l("Ik wil graag buren helpen"))
    interests = MultiCheckboxField(
        _l("Waar helpt u graag mee?"),
        choices=[],  # the active categories, set per request
        invalid_choice_message=_INVALID_CHOICE,
    )
    availability = MultiCheckboxField(
        _l("Wanneer kunt u meestal helpen?"),
        choices=_availability_choices,
        invalid_choice_message=_l("Kies dagdelen in de tabel."),
    )
    radius_km = IntegerField(
        _l("Hoe ver wilt u reizen? (kilometer)"),
        validators=[
            InputRequired(message=_RADIUS_MESSAGE),
            NumberRange(min=MIN_RADIUS_KM, max=MAX_RADIUS_KM, message=_RADIUS_MESSAGE),
        ],
        invalid_value_message=_RADIUS_MESSAGE,
        render_kw={"min": MIN_RADIUS_KM, "max": MAX_RADIUS_KM, "inputmode": "numeric"},
    )
    languages = MultiCheckboxField(
        _l("Welke talen spreekt u?"),
        choices=[SelectChoice(code, name) for code, name in LANGUAGES.items()],
        invalid_choice_message=_INVALID_CHOICE,
    )
    submit = SubmitField(_l("Profiel opslaan"))

    def __init__(self, *args: Any, categories: list[Category], locale: str = "nl", **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.interests.choices = [SelectChoice(c.slug, c.name(locale)) for c in categories]

    @staticmethod
    def data_from(profile: Profile | None, categories: list[Category]) -> dict[str, Any]:
        """Initial form values for a stored profile (empty when there is none yet)."""
        if profile is None:
            return {"radius_km": DEFAULT_RADIUS_KM}
        interest_mask = profile.interest_mask or 0
        return {
            "display_name": profile.display_name,
            "postcode": profile.postcode,
            "phone": profile.phone,
            "wants_to_help": profile.wants_to_help,
            "interests": [c.slug for c in categories if interest_mask & c.mask],
            "availability": [f"{d}-{p}" for d, p in slots_from_mask(profile.availability_mask)],
            "radius_km": profile.radius_km,
            "languages": (profile.languages or "").split(",") if profile.languages else [],
        }

    def to_data(self) -> ProfileData:
        return ProfileData(
            display_name=self.display_name.data or "",
            postcode=self.postcode.data or "",
            phone=self.phone.data or None,
            wants_to_help=self.wants_to_help.data,
            interests=list(self.interests.data or []),
            availability=list(self.availability.data or []),
            radius_km=self.radius_km.data,
            languages=list(self.languages.data or []),
        )


# What each choice means, in the words of ``notifications.services.wants_email``.
NOTIFICATION_CHOICES = [
    SelectChoice(
        NotificationPreference.INSTANT.value,
        _l(
            "Meteen: u krijgt een e-mail zodra er een oproep is die bij u past. "
            "Ook als iemand reageert of u een bericht stuurt."
        ),
    ),
    SelectChoice(
        NotificationPreference.DAILY.value,
        _l(
            "Eén keer per dag: u krijgt één e-mail met de nieuwe oproepen die bij u passen. "
            "Over reacties en berichten krijgt u meteen een e-mail."
        ),
    ),
    SelectChoice(
        NotificationPreference.WEEKLY.value,
        _l(
            "Eén keer per week: u krijgt één e-mail met de nieuwe oproepen die bij u passen. "
            "Over reacties en berichten krijgt u meteen een e-mail."
        ),
    ),
    SelectChoice(
        NotificationPreference.OFF.value,
        _l(
            "Geen e-mail: u ziet alles op de website bij ‘Meldingen’. "
            "Alleen e-mail over uw account krijgt u nog, bijvoorbeeld een nieuw wachtwoord."
        ),
    ),
]


class NotificationSettingsForm(FlaskForm):
    notification_preference = RadioField(
        _l("Hoe vaak wilt u een e-mail over oproepen die bij u passen?"),
        choices=NOTIFICATION_CHOICES,
        validators=[InputRequired(message=errors.UnknownNotificationPreference.message)],
        invalid_choice_message=errors.UnknownNotificationPreference.message,
    )
    weekly_alert_cap = IntegerField(
        _l("Hoeveel oproepen wilt u hoogstens per week krijgen?"),
        validators=[
            InputRequired(message=_ALERT_CAP_MESSAGE),
            NumberRange(min=MIN_WEEKLY_ALERTS, max=MAX_WEEKLY_ALERTS, message=_ALERT_CAP_MESSAGE),
        ],
        invalid_value_message=_ALERT_CAP_MESSAGE,
        render_kw={"min": MIN_WEEKLY_ALERTS, "max": MAX_WEEKLY_ALERTS, "inputmode": "numeric"},
    )
    submit = SubmitField(_l("Opslaan"))

    @staticmethod
    def data_from(profile: Profile | None) -> dict[str, Any]:
        if profile is None:  # the model's defaults
            return {
                "notification_preference": NotificationPreference.INSTANT.value,
                "weekly_alert_cap": DEFAULT_WEEKLY_ALERT_CAP,
            }
        return {
            "notification_preference": profile.notification_preference,
            "weekly_alert_cap": profile.weekly_alert_cap,
        }


PAUSE_CHOICES = [
    SelectChoice("week", _l("1 week")),
    SelectChoice("two_weeks", _l("2 weken")),
    SelectChoice("month", _l("1 maand")),
    SelectChoice(PAUSE_UNTIL_DATE, _l("Tot en met een datum die ik kies")),
]


class PauseAlertsForm(FlaskForm):
    """Pause every alert about new postings for a while (holiday, busy, ill)."""

    period = RadioField(
        _l("Hoe lang wilt u geen meldingen over nieuwe oproepen?"),
        choices=PAUSE_CHOICES,
        validators=[InputRequired(message=errors.UnknownPausePeriod.message)],
        invalid_choice_message=errors.UnknownPausePeriod.message,
    )
    until_date = DutchDateField(_l("Datum"), validators=[Optional()])
    submit = SubmitField(_l("Meldingen pauzeren"))

    def validate_until_date(self, field: Field) -> None:
        if self.period.data == PAUSE_UNTIL_DATE and field.data is None:
            raise ValidationError(errors.InvalidPauseDate.message)


class ResumeAlertsForm(FlaskForm):
    submit = SubmitField(_l("Meldingen weer aanzetten"))
