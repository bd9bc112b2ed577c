"""Forms for writing a posting and for searching them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Length
from wtforms.widgets import CheckboxInput, ListWidget

from marketplace import dayparts
from marketplace.geo import InvalidPostcode, UnknownPostcode, lookup_postcode
from marketplace.postings.models import Category, Posting, PostingKind, Timing
from marketplace.postings.queries import SORT_NEAREST, SORT_NEWEST, Origin, search_words
from marketplace.postings.validation import DESCRIPTION_MAX, TITLE_MAX, PostingData

DATE_ERROR = _l("Vul de datum in als dag-maand-jaar, bijvoorbeeld 3-12-2025.")
DAYPART_CHOICES = [
    SelectChoice("morning", _l("’s Ochtends")),
    SelectChoice("afternoon", _l("’s Middags")),
    SelectChoice("evening", _l("’s Avonds")),
]
# Lazy: built at import, translated per request (slot_label reads the current language).
SLOT_CHOICES = [
    SelectChoice(f"{day}-{part}", LazyString(dayparts.slot_label, day, part))
    for day in dayparts.DAYS
    for part in dayparts.PARTS
]
DISTANCE_CHOICES = [1, 2, 5, 10, 25]


class DutchDateField(DateField):
    """Accepts what people type (3-12-2025, 3/12/2025) and what date pickers send (2025-12-03)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("format", ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y"])
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or not "".join(valuelist).strip():
            self.data = None
            return
        try:
            super().process_formdata([" ".join(valuelist).strip()])
        except ValueError:
            self.data = None
            raise ValueError(DATE_ERROR) from None


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class PostingForm(FlaskForm):
    """Category, text, place, timing and end date. The fields of every timing are always
    shown (no JavaScript needed); only those of the chosen timing are checked."""

    category_id = RadioField(
        _l("Waarbij gaat het om?"),
        coerce=int,
        validate_choice=False,
        validators=[DataRequired(_l("Kies een soort hulp uit de lijst."))],
    )
    title = StringField(
        _l("Titel"),
        validators=[
            DataRequired(_l("Vul een titel in, bijvoorbeeld ‘Wie doet boodschappen?’.")),
            Length(max=TITLE_MAX, message=_l("Maak de titel korter: hooguit %(max)d tekens.")),
        ],
    )
    description = TextAreaField(
        _l("Beschrijving"),
        validators=[
            DataRequired(_l("Vertel in een paar zinnen waar het om gaat.")),
            Length(
                max=DESCRIPTION_MAX,
                message=_l("Maak de beschrijving korter: hooguit %(max)d tekens."),
            ),
        ],
    )
    postcode = StringField(
        _l("Postcode waar de hulp is"),
        validators=[
            DataRequired(_l("Vul de postcode in, bijvoorbeeld 3011 AB.")),
            Length(max=10, message=_l("Vul een postcode in zoals 3011 AB.")),
        ],
    )
    timing = RadioField(
        _l("Wanneer?"),
        choices=[
            SelectChoice(Timing.ONCE.value, _l("Eén keer, op een vaste dag")),
            SelectChoice(Timing.RECURRING.value, _l("Elke week, op vaste dagdelen")),
            SelectChoice(Timing.FLEXIBLE.value, _l("Maakt niet uit, wanneer het u uitkomt")),
        ],
        default=Timing.FLEXIBLE.value,
        validate_choice=False,
    )
    once_on = DutchDateField(_l("Datum"))
    once_daypart = RadioField(_l("Dagdeel"), choices=DAYPART_CHOICES, validate_choice=False)
    recurring_slots = MultiCheckboxField(
        _l("Dagdelen"), choices=SLOT_CHOICES, validate_choice=False
    )
    ends_on = DutchDateField(_l("Tot wanneer mag de oproep blijven staan?"))
    submit = SubmitField(_l("Versturen"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Needed for their timing only (checked in ``validate``), but never "optional".
        for f in (self.timing, self.once_on, self.once_daypart):
            f.flags.required = True

    def set_categories(self, categories: Sequence[Category], locale: str) -> None:
        self.category_id.choices = [SelectChoice(c.id, c.name(locale)) for c in categories]

    def validate(self, extra_validators: Any = None) -> bool:
        super().validate(extra_validators)
        timing = self.timing.data
        if timing not in {t.value for t in Timing}:
            self.timing.errors = [_l("Kies wanneer de hulp nodig is.")]
        # Fields of a timing that was not chosen may hold anything: they are ignored.
        if timing != Timing.ONCE:
            self.once_on.errors = []
            self.once_daypart.errors = []
        else:
            if self.once_on.data is None and not self.once_on.errors:
                self.once_on.errors = [_l("Vul de datum in, bijvoorbeeld 3-12-2025.")]
            if self.once_daypart.data not in dayparts.PARTS:
                self.once_daypart.errors = [_l("Kies ochtend, middag of avond.")]
        if timing != Timing.RECURRING:
            self.recurring_slots.errors = []
        else:
            valid = {choice.value for choice in SLOT_CHOICES}
            chosen = [slot for slot in self.recurring_slots.data or [] if slot in valid]
            self.recurring_slots.data = chosen
            if not chosen:
                self.recurring_slots.errors = [
                    _l("Kies minstens één dag en dagdeel, bijvoorbeeld dinsdagochtend.")
                ]
        return not any(f.errors for f in self)

    def posting_data(self, kind: str) -> PostingData:
        timing = self.timing.data
        return PostingData(
            kind=kind,
            category_id=self.category_id.data,
            title=self.title.data or "",
            description=self.description.data or "",
            postcode=self.postcode.data,
            timing=timing,
            once_on=self.once_on.data if timing == Timing.ONCE else None,
            once_daypart=self.once_daypart.data if timing == Timing.ONCE else None,
            recurring_slots=list(self.recurring_slots.data or [])
            if timing == Timing.RECURRING
            else [],
            ends_on=self.ends_on.data,
        )

    def show_error(self, field_name: str, message: str) -> None:
        """Put a service's complaint beside the field it is about."""
        field = getattr(self, field_name, None)
        if field is None:
            self.form_errors.append(str(message))
        else:
            field.errors = [*field.errors, str(message)]


class NewPostingForm(PostingForm):
    kind = RadioField(
        _l("Wat wilt u?"),
        choices=[
            SelectChoice(PostingKind.REQUEST.value, _l("Ik zoek hulp")),
            SelectChoice(PostingKind.OFFER.value, _l("Ik bied hulp aan")),
        ],
        default=PostingKind.REQUEST.value,
        validate_choice=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind.flags.required = True

    def validate(self, extra_validators: Any = None) -> bool:
        is_valid = super().validate(extra_validators)
        if self.kind.data not in (PostingKind.REQUEST, PostingKind.OFFER):
            self.kind.errors = [_l("Kies of u hulp zoekt of hulp aanbiedt.")]
            return False
        return is_valid


def form_values(posting: Posting) -> dict[str, Any]:
    """A posting as form data, for the edit form."""
    return {
        "category_id": posting.category_id,
        "title": posting.title,
        "description": posting.description,
        "postcode": posting.postcode,
        "timing": posting.timing,
        "once_on": posting.once_on,
        "once_daypart": posting.once_daypart,
        "recurring_slots": [
            f"{day}-{part}" for day, part in dayparts.slots_from_mask(posting.daypart_mask)
        ]
        if posting.timing == Timing.RECURRING
        else [],
        "ends_on": posting.ends_on,
    }


class SearchForm(FlaskForm):
    """The filters of the browse page. Sent with GET so a search is a link one can share.

    Wrong values (an unknown category, a made-up distance) get a message and are ignored.
    """

    class Meta:
        csrf = False

    q = StringField(
        _l("Zoekwoorden"),
        validators=[Length(max=200, message=_l("Gebruik minder woorden: hooguit 200 tekens."))],
    )
    kind = SelectField(
        _l("Soort"),
        choices=[
            SelectChoice("", _l("Alles")),
            SelectChoice(PostingKind.REQUEST.value, _l("Hulpvragen")),
            SelectChoice(PostingKind.OFFER.value, _l("Hulpaanbod")),
            SelectChoice(PostingKind.VACANCY.value, _l("Vrijwilligerswerk")),
        ],
        validate_choice=False,
    )
    category = SelectField(_l("Soort hulp"), validate_choice=False)
    postcode = StringField(
        _l("Vanaf postcode"),
        validators=[Length(max=10, message=_l("Vul een postcode in zoals 3011 of 3011 AB."))],
    )
    km = SelectField(
        _l("Afstand"),
        choices=[SelectChoice("", _l("Alle afstanden"))]
        + [SelectChoice(str(km), _l("Binnen %(km)s km", km=km)) for km in DISTANCE_CHOICES],
        validate_choice=False,
    )
    sort = SelectField(
        _l("Volgorde"),
        choices=[
            SelectChoice(SORT_NEWEST, _l("Nieuwste eerst")),
            SelectChoice(SORT_NEAREST, _l("Dichtstbij eerst")),
        ],
        validate_choice=False,
    )

    def set_categories(self, categories: Sequence[Category], locale: str) -> None:
        self.category.choices = [SelectChoice("", _l("Alle soorten hulp"))] + [
            SelectChoice(c.slug, c.name(locale)) for c in categories
        ]

    def validate(self, extra_validators: Any = None) -> bool:
        super().validate(extra_validators)
        for f in (self.kind, self.category, self.km, self.sort):
            if f.data and f.data not in {str(choice.value) for choice in f.choices}:
                f.errors = [_l("Deze keuze kennen we niet. Kies een van de mogelijkheden.")]
        return not any(f.errors for f in self)

    def value(self, name: str) -> str | None:
        """The field's value, or None when it is empty or was refused."""
        f = self[name]
        return None if f.errors or not f.data else str(f.data)

    def origin(self) -> Origin | None:
        """The typed postcode as a point; a wrong one gets a message and is ignored."""
        text = (self.postcode.data or "").strip()
        if not text or self.postcode.errors:
            if self.value("km") or self.value("sort") == SORT_NEAREST:
                self.postcode.errors = [
                    _l("Vul een postcode in om op afstand te zoeken, bijvoorbeeld 3011.")
                ]
            return None
        try:
            place = lookup_postcode(text)
        except InvalidPostcode:
            self.postcode.errors = [_l("Vul een postcode in zoals 3011 of 3011 AB.")]
            return None
        except UnknownPostcode:
            self.postcode.errors = [
                _l("Deze postcode kennen we niet. Kijk of u hem goed heeft getypt.")
            ]
            return None
        return Origin(place.lat, place.lon)

    @property
    def words(self) -> list[str]:
        return search_words(self.q.data if not self.q.errors else "")

    @property
    def max_km(self) -> int | None:
        km = self.value("km")
        return int(km) if km else None
