"""Forms for the phone intake, the client list, the hand-over and the client invitation."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    RadioField,
    SelectChoice,
    SelectField,
    SubmitField,
)
from wtforms.validators import DataRequired

from marketplace.categories import Category
from marketplace.email_addresses import EmailAddress
from marketplace.form_fields import category_field, postcode_field, text_area_field, text_field
from marketplace.intake.models import Client
from marketplace.intake.services import (
    ASK_CONSENT,
    EMAIL_MAX,
    NAME_MAX,
    NOTE_FOR_VOLUNTEER_MAX,
    NOTES_MAX,
    PHONE_MAX,
    ClientData,
    IntakeData,
)
from marketplace.postings.forms import PostingForm
from marketplace.postings.models import PostingKind
from marketplace.postings.validation import DESCRIPTION_MAX, TITLE_MAX

NEW_CLIENT = "new"
SEARCH_MAX = 100


def _category_id(value: Any) -> int | None:
    """Like int, but an empty or made-up choice becomes None (and gets a Dutch message)."""
    if isinstance(value, int):
        return value
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


class IntakeForm(PostingForm):
    """One page to fill in during a phone call. The posting's place is the client's postcode."""

    client_id = RadioField(_l("Voor wie is de hulp?"), default=NEW_CLIENT, validate_choice=False)
    client_name = text_field(
        _l("Voornaam of voorletters"),
        NAME_MAX,
        _l("Vul alleen de voornaam of de voorletters in."),
        filters=(),
    )
    client_postcode = postcode_field(_l("Postcode van de cliënt"), required=False)
    client_phone = text_field(
        _l("Telefoonnummer van de cliënt"),
        PHONE_MAX,
        _l("Vul een telefoonnummer in zoals 010 123 4567."),
        filters=(),
    )
    client_notes = text_area_field(
        _l("Notities over de cliënt"),
        NOTES_MAX,
        _l("Maak de notities korter: hooguit %(max)d tekens."),
        filters=(),
    )
    category_id = category_field(
        _l("Waarbij is hulp nodig?"), kind=SelectField, coerce=_category_id
    )
    title = text_field(
        _l("Korte titel"),
        TITLE_MAX,
        _l("Maak de titel korter: hooguit %(max)d tekens."),
        filters=(),
    )
    description = text_area_field(
        _l("Wat is er nodig?"),
        DESCRIPTION_MAX - NOTE_FOR_VOLUNTEER_MAX - 100,
        _l("Maak de beschrijving korter: hooguit %(max)d tekens."),
        required=_l("Vertel in een paar zinnen waar het om gaat."),
        filters=(),
    )
    postcode = None  # the client's postcode is used
    note_for_volunteer = text_area_field(
        _l("Noot voor de vrijwilliger"),
        NOTE_FOR_VOLUNTEER_MAX,
        _l("Maak de noot korter: hooguit %(max)d tekens."),
        filters=(),
    )
    client_consent = BooleanField(
        _l("De cliënt vindt het goed dat onze organisatie deze gegevens bewaart."),
        validators=[DataRequired(ASK_CONSENT)],
    )
    submit = SubmitField(_l("Hulpvraag versturen"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("once_daypart", "morning")
        super().__init__(*args, **kwargs)
        # Needed for a new client only (checked in ``validate``), but never "optional".
        for f in (self.client_id, self.client_name, self.client_postcode):
            f.flags.required = True

    def set_categories(self, categories: Sequence[Category], locale: str) -> None:
        self.category_id.choices = [SelectChoice("", _l("Kies een soort hulp"))] + [
            SelectChoice(c.id, c.name(locale)) for c in categories
        ]

    def set_clients(self, clients: Sequence[Client]) -> None:
        self.client_id.choices = [SelectChoice(NEW_CLIENT, _l("Nieuwe cliënt"))] + [
            SelectChoice(str(c.id), f"{c.name} · {c.postcode} · {c.neighbourhood}") for c in clients
        ]

    @property
    def is_new_client(self) -> bool:
        return (self.client_id.data or NEW_CLIENT) == NEW_CLIENT

    def validate(self, extra_validators: Any = None) -> bool:
        super().validate(extra_validators)
        chosen = str(self.client_id.data or NEW_CLIENT)
        if chosen != NEW_CLIENT and not chosen.isdigit():
            self.client_id.errors = [_l("Kies de cliënt uit de lijst, of kies ‘Nieuwe cliënt’.")]
        if chosen == NEW_CLIENT:
            if not (self.client_name.data or "").strip() and not self.client_name.errors:
                self.client_name.errors = [
                    _l("Vul de voornaam of de voorletters in, bijvoorbeeld ‘Joke’ of ‘J.B.’.")
                ]
            if not (self.client_postcode.data or "").strip() and not self.client_postcode.errors:
                self.client_postcode.errors = [_l("Vul de postcode in, bijvoorbeeld 3011 AB.")]
        else:
            for f in (self.client_name, self.client_postcode, self.client_phone):
                f.errors = []  # typed for a new client, but an existing one was chosen
        return not any(f.errors for f in self)

    def intake_data(self) -> IntakeData:
        # The place is the client's postcode; the intake asks no language.
        posting = self._posting_data(PostingKind.REQUEST, postcode="", language=None)
        if self.is_new_client:
            return IntakeData(
                posting=posting,
                client=ClientData(
                    name=self.client_name.data or "",
                    postcode=self.client_postcode.data or "",
                    phone=self.client_phone.data,
                    notes=self.client_notes.data,
                ),
                note_for_volunteer=self.note_for_volunteer.data or "",
                consent=bool(self.client_consent.data),
            )
        return IntakeData(
            posting=posting,
            client_id=int(self.client_id.data),
            note_for_volunteer=self.note_for_volunteer.data or "",
            consent=bool(self.client_consent.data),
        )

    def first_error_field(self) -> str | None:
        """The id of the first field with an error, for autofocus after a refused submit."""
        for name in (
            "client_id",
            "client_name",
            "client_postcode",
            "client_phone",
            "client_notes",
            "category_id",
            "title",
            "description",
            "timing",
            "once_on",
            "once_daypart",
            "recurring_slots",
            "ends_on",
            "note_for_volunteer",
            "client_consent",
        ):
            if self[name].errors:
                return self[name].id
        return None


class ClientSearchForm(FlaskForm):
    """Searching the organisation's clients; sent with GET, so a search is a link."""

    class Meta:
        csrf = False

    q = text_field(
        _l("Zoek een cliënt op naam, postcode of wijk"),
        SEARCH_MAX,
        _l("Gebruik minder woorden: hooguit 100 tekens."),
        filters=(),
    )

    @property
    def words(self) -> str:
        return "" if self.q.errors else (self.q.data or "").strip()


class HandOverForm(FlaskForm):
    consent = BooleanField(
        _l("De cliënt vindt het goed dat de vrijwilliger de naam en het telefoonnummer krijgt.")
    )
    submit = SubmitField(_l("Contact leggen"))


class InviteForm(FlaskForm):
    email = text_field(
        _l("E-mailadres van de cliënt"),
        EMAIL_MAX,
        _l("Dit e-mailadres is te lang. Kijk het na."),
        required=_l("Vul een e-mailadres in, bijvoorbeeld naam@voorbeeld.nl."),
        validators=[EmailAddress()],
        filters=(),
    )
    submit = SubmitField(_l("Uitnodiging maken"))


class AcceptInviteForm(FlaskForm):
    submit = SubmitField(_l("Ja, koppel mijn account"))
