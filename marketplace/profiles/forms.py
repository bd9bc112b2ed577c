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
    RadioField,
    SelectChoice,
    StringField,
    SubmitField,
    ValidationError,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from marketplace import geo
from marketplace.categories import Category
from marketplace.dayparts import slots_from_mask
from marketplace.display_names import one_line_name
from marketplace.form_fields import MultiCheckboxField, date_field, strip, whole_number_field
from marketplace.profiles import errors
from marketplace.profiles.models import MailTopic, NotificationPreference, Profile
from marketplace.profiles.services import (
    DEFAULT_RADIUS_KM,
    LANGUAGES,
    MAX_RADIUS_KM,
    MAX_WEEKLY_ALERTS,
    MIN_RADIUS_KM,
    MIN_WEEKLY_ALERTS,
    PAUSE_UNTIL_DATE,
    ProfileData,
    availability_choices,
)

DEFAULT_WEEKLY_ALERT_CAP = 5

PHONE_CHARACTERS = re.compile(r"^[0-9 +\-]+$")


def _availability_choices() -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in availability_choices()]


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
        filters=[strip],
        validators=[
            DataRequired(message=errors.DisplayNameMissing.message),
            Length(max=80, message=_l("Gebruik een naam van hoogstens 80 tekens.")),
            one_line_name,
        ],
    )
    postcode = StringField(
        _l("Postcode"),
        filters=[strip],
        validators=[
            DataRequired(message=_l("Vul uw postcode in, bijvoorbeeld 3011 AB.")),
            _dutch_postcode,
        ],
    )
    shows_neighbourhood = BooleanField(_l("Laat anderen mijn wijk zien op mijn profiel"))
    phone = StringField(
        _l("Telefoonnummer"),
        filters=[strip],
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
    radius_km = whole_number_field(
        _l("Hoe ver wilt u reizen? (kilometer)"), MIN_RADIUS_KM, MAX_RADIUS_KM, _RADIUS_MESSAGE
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
            return {"radius_km": DEFAULT_RADIUS_KM, "shows_neighbourhood": False}
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
            "shows_neighbourhood": profile.shows_neighbourhood,
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
            shows_neighbourhood=bool(self.shows_neighbourhood.data),
        )


class ContactForm(FlaskForm):
    """Someone asking for help, just after making her account: where, and a phone number."""

    postcode = ProfileForm.postcode
    phone = StringField(
        _l("Telefoonnummer"),
        filters=[strip],
        validators=[
            DataRequired(
                message=_l("Vul uw telefoonnummer in, bijvoorbeeld 06 1234 5678."),
            ),
            Length(max=30, message=_l("Gebruik hoogstens 30 tekens.")),
            _phone_number,
        ],
    )
    submit = SubmitField(_l("Opslaan en verder"))


class HelpingForm(FlaskForm):
    """Someone chose to help: what she likes to do, when, and how far she goes."""

    postcode = ProfileForm.postcode
    interests = MultiCheckboxField(
        _l("Waar helpt u graag mee?"),
        choices=[],  # the active categories, set per request
        validators=[
            DataRequired(
                message=_l("Kies minstens één soort hulp. Zonder keuze sturen we u geen oproepen.")
            )
        ],
        invalid_choice_message=_INVALID_CHOICE,
    )
    availability = ProfileForm.availability
    radius_km = ProfileForm.radius_km
    submit = SubmitField(_l("Opslaan en verder"))

    def __init__(self, *args: Any, categories: list[Category], locale: str = "nl", **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.interests.choices = [SelectChoice(c.slug, c.name(locale)) for c in categories]


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


def _choice_field(label: Any, choices: list[SelectChoice], error: type[errors.ProfileError]) -> Any:
    """Radio buttons of which one must be chosen; ``error``'s message says how, whether
    nothing or something unknown was sent (the service refuses it with the same error)."""
    return RadioField(
        label,
        choices=choices,
        validators=[InputRequired(message=error.message)],
        invalid_choice_message=error.message,
    )


class NotificationSettingsForm(FlaskForm):
    notification_preference = _choice_field(
        _l("Hoe vaak wilt u een e-mail over oproepen die bij u passen?"),
        NOTIFICATION_CHOICES,
        errors.UnknownNotificationPreference,
    )
    weekly_alert_cap = whole_number_field(
        _l("Hoeveel oproepen wilt u hoogstens per week krijgen?"),
        MIN_WEEKLY_ALERTS,
        MAX_WEEKLY_ALERTS,
        _ALERT_CAP_MESSAGE,
    )
    urgent_alerts = BooleanField(
        _l("Toch meteen een e-mail als iemand dichtbij binnen een paar dagen hulp nodig heeft"),
        description=_l(
            "Alleen als u één keer per dag of per week kiest. "
            "Dichtbij is binnen 2 kilometer van uw huis, binnenkort is binnen 3 dagen."
        ),
    )
    submit = SubmitField(_l("Opslaan"))

    @staticmethod
    def data_from(profile: Profile | None) -> dict[str, Any]:
        if profile is None:  # the model's defaults
            return {
                "notification_preference": NotificationPreference.INSTANT.value,
                "weekly_alert_cap": DEFAULT_WEEKLY_ALERT_CAP,
                "urgent_alerts": False,
            }
        return {
            "notification_preference": profile.notification_preference,
            "weekly_alert_cap": profile.weekly_alert_cap,
            "urgent_alerts": profile.urgent_alerts,
        }


# The words for each kind of message, on the settings page and the unsubscribe pages.
MAIL_TOPIC_LABELS = {
    MailTopic.MATCHES: _l("nieuwe oproepen die bij u passen"),
    MailTopic.MESSAGES: _l("berichten en reacties"),
    MailTopic.REMINDERS: _l("herinneringen en vragen na afloop"),
    MailTopic.ORGANISATIONS: _l("nieuws van organisaties"),
}


def _switch(label: Any, description: Any) -> BooleanField:
    return BooleanField(label, description=description, render_kw={"role": "switch"})


class MailTopicsForm(FlaskForm):
    """Per kind of message a switch: e-mail about it, or not (in the app it stays)."""

    matches = _switch(
        _l("Nieuwe oproepen die bij u passen"), _l("Hoe vaak, dat kiest u hierboven.")
    )
    messages = _switch(
        _l("Berichten en reacties"),
        _l("Als iemand reageert op uw oproep of u een bericht stuurt."),
    )
    reminders = _switch(
        _l("Herinneringen en vragen na afloop"),
        _l("Bijvoorbeeld als uw oproep bijna verloopt, of de vraag of het gelukt is."),
    )
    organisations = _switch(
        _l("Nieuws van organisaties"),
        _l("Bijvoorbeeld over uw aanmelding als vrijwilliger of een referentie."),
    )
    submit = SubmitField(_l("Opslaan"))

    @staticmethod
    def data_from(profile: Profile | None) -> dict[str, Any]:
        return {
            topic.value: profile is None or profile.wants_mail_about(topic) for topic in MailTopic
        }

    def chosen(self) -> set[MailTopic]:
        return {topic for topic in MailTopic if self[topic.value].data}


PAUSE_CHOICES = [
    SelectChoice("week", _l("1 week")),
    SelectChoice("two_weeks", _l("2 weken")),
    SelectChoice("month", _l("1 maand")),
    SelectChoice(PAUSE_UNTIL_DATE, _l("Tot en met een datum die ik kies")),
]


class PauseAlertsForm(FlaskForm):
    """Pause every alert about new postings for a while (holiday, busy, ill)."""

    period = _choice_field(
        _l("Hoe lang wilt u geen meldingen over nieuwe oproepen?"),
        PAUSE_CHOICES,
        errors.UnknownPausePeriod,
    )
    until_date = date_field(_l("Datum"), optional=True)
    submit = SubmitField(_l("Meldingen pauzeren"))

    def validate_until_date(self, field: Field) -> None:
        if self.period.data == PAUSE_UNTIL_DATE and field.data is None:
            raise ValidationError(errors.InvalidPauseDate.message)


class ResumeAlertsForm(FlaskForm):
    submit = SubmitField(_l("Meldingen weer aanzetten"))
