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
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length

from marketplace.intake.models import Client
from marketplace.intake.services import (
    EMAIL_MAX,
    NAME_MAX,
    NOTE_FOR_VOLUNTEER_MAX,
    NOTES_MAX,
    PHONE_MAX,
    ClientData,
    IntakeData,
)
from marketplace.postings.forms import PostingForm
from marketplace.postings.models import Category, PostingKind, Timing
from marketplace.postings.validation import DESCRIPTION_MAX, TITLE_MAX, PostingData

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
    client_name = StringField(
        _l("Voornaam of voorletters"),
        validators=[
            Length(max=NAME_MAX, message=_l("Vul alleen de voornaam of de voorletters in."))
        ],
    )
    client_postcode = StringField(
        _l("Postcode van de cliënt"),
        validators=[Length(max=10, message=_l("Vul een postcode in zoals 3011 AB."))],
    )
    client_phone = StringField(
        _l("Telefoonnummer van de cliënt"),
        validators=[
            Length(max=PHONE_MAX, message=_l("Vul een telefoonnummer in zoals 010 123 4567."))
        ],
    )
    client_notes = TextAreaField(
        _l("Notities over de cliënt"),
        validators=[
            Length(max=NOTES_MAX, message=_l("Maak de notities korter: hooguit %(max)d tekens."))
        ],
    )
    category_id = SelectField(
        _l("Waarbij is hulp nodig?"),
        coerce=_category_id,
        validate_choice=False,
        validators=[DataRequired(_l("Kies een soort hulp uit de lijst."))],
    )
    title = StringField(
        _l("Korte titel"),
        validators=[
            Length(max=TITLE_MAX, message=_l("Maak de titel korter: hooguit %(max)d tekens."))
        ],
    )
    description = TextAreaField(
        _l("Wat is er nodig?"),
        validators=[
            DataRequired(_l("Vertel in een paar zinnen waar het om gaat.")),
            Length(
                max=DESCRIPTION_MAX - NOTE_FOR_VOLUNTEER_MAX - 100,
                message=_l("Maak de beschrijving korter: hooguit %(max)d tekens."),
            ),
        ],
    )
    postcode = None  # the client's postcode is used
    note_for_volunteer = TextAreaField(
        _l("Noot voor de vrijwilliger"),
        validators=[
            Length(
                max=NOTE_FOR_VOLUNTEER_MAX,
                message=_l("Maak de noot korter: hooguit %(max)d tekens."),
            )
        ],
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
        timing = self.timing.data
        posting = PostingData(
            kind=PostingKind.REQUEST,
            category_id=self.category_id.data,
            title=self.title.data or "",
            description=self.description.data or "",
            postcode="",
            timing=timing,
            once_on=self.once_on.data if timing == Timing.ONCE else None,
            once_daypart=self.once_daypart.data if timing == Timing.ONCE else None,
            recurring_slots=list(self.recurring_slots.data or [])
            if timing == Timing.RECURRING
            else [],
            ends_on=self.ends_on.data,
        )
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
            )
        return IntakeData(
            posting=posting,
            client_id=int(self.client_id.data),
            note_for_volunteer=self.note_for_volunteer.data or "",
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
        ):
            if self[name].errors:
                return self[name].id
        return None


class ClientSearchForm(FlaskForm):
    """Searching the organisation's clients; sent with GET, so a search is a link."""

    class Meta:
        csrf = False

    q = StringField(
        _l("Zoek een cliënt op naam, postcode of wijk"),
        validators=[
            Length(max=SEARCH_MAX, message=_l("Gebruik minder woorden: hooguit 100 tekens."))
        ],
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
    email = StringField(
        _l("E-mailadres van de cliënt"),
        validators=[
            DataRequired(_l("Vul een e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.")),
            Length(max=EMAIL_MAX, message=_l("Dit e-mailadres is te lang. Kijk het na.")),
        ],
    )
    submit = SubmitField(_l("Uitnodiging maken"))


class AcceptInviteForm(FlaskForm):
    submit = SubmitField(_l("Ja, koppel mijn account"))
