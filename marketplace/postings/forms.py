"""Forms for writing a posting and for searching them."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
)
from wtforms.validators import Length, Optional

from marketplace import dayparts
from marketplace.categories import Category
from marketplace.form_fields import (
    ChoiceListSelect,
    DutchDateField,
    MultiCheckboxField,
    category_field,
    postcode_field,
    show_beside_field,
    text_area_field,
    text_field,
)
from marketplace.geo import InvalidPostcode, UnknownPostcode, is_neighbourhood, lookup_postcode
from marketplace.postings.errors import InvalidPosting
from marketplace.postings.models import LastingKind, Posting, PostingKind, Timing
from marketplace.postings.queries import (
    SORT_NEAREST,
    SORT_NEWEST,
    SORT_RELEVANCE,
    Origin,
    VacancyFilters,
    search_words,
)
from marketplace.postings.validation import (
    DESCRIPTION_MAX,
    POSTING_LANGUAGES,
    TITLE_MAX,
    PostingData,
)

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
# "Zoekt u een vast contact?": one field for every form that writes a request (this one-page
# form, the edit form and the step form), so the choice and its wording are the same.
LASTING_LABELS = {
    "": _l("Nee, hulp voor één keer of zo nu en dan"),
    LastingKind.WALK.value: _l("Ja, een vaste wandeling elke week"),
    LastingKind.PHONE.value: _l("Ja, een telefoonmaatje: elke week op een vaste tijd bellen"),
    LastingKind.BUDDY.value: _l("Ja, een maatje om elke week iets mee te doen"),
}


def lasting_field() -> RadioField:
    return RadioField(
        _l("Zoekt u een vast contact?"),
        choices=[SelectChoice(value, label) for value, label in LASTING_LABELS.items()],
        default="",
        validators=[Optional()],
    )


DISTANCE_CHOICES = [1, 2, 5, 10, 25]
HOURS_CHOICES = [2, 4, 8]


class PostingForm(FlaskForm):
    """Category, text, place, timing and end date. The fields of every timing are always
    shown (no JavaScript needed); only those of the chosen timing are checked."""

    category_id = category_field(_l("Waarbij gaat het om?"))
    title = text_field(
        _l("Titel"),
        TITLE_MAX,
        _l("Maak de titel korter: hooguit %(max)d tekens."),
        required=_l("Vul een titel in, bijvoorbeeld ‘Wie doet boodschappen?’."),
        filters=(),
    )
    description = text_area_field(
        _l("Beschrijving"),
        DESCRIPTION_MAX,
        _l("Maak de beschrijving korter: hooguit %(max)d tekens."),
        required=_l("Vertel in een paar zinnen waar het om gaat."),
        filters=(),
    )
    postcode = postcode_field(_l("Postcode waar de hulp is"))
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
    language = SelectField(
        _l("Spreekt u liever (ook) een andere taal?"),
        choices=[SelectChoice("", _l("Nee, Nederlands is goed"))]
        + [SelectChoice(code, name) for code, name in POSTING_LANGUAGES.items()],
        validate_choice=False,
    )
    # Only for a request; the service checks the value (``clean_lasting``).
    lasting = lasting_field()
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
        return self._posting_data(kind, self.postcode.data, self.language.data or None)

    def _posting_data(self, kind: str, postcode: str | None, language: str | None) -> PostingData:
        """What was typed, with only the chosen timing's fields; ``postcode`` and ``language``
        are the caller's, as not every form asks them."""
        timing = self.timing.data
        return PostingData(
            kind=kind,
            category_id=self.category_id.data,
            title=self.title.data or "",
            description=self.description.data or "",
            postcode=postcode,
            timing=timing,
            once_on=self.once_on.data if timing == Timing.ONCE else None,
            once_daypart=self.once_daypart.data if timing == Timing.ONCE else None,
            recurring_slots=list(self.recurring_slots.data or [])
            if timing == Timing.RECURRING
            else [],
            ends_on=self.ends_on.data,
            language=language,
            lasting=(self.lasting.data or None) if kind == PostingKind.REQUEST else None,
        )


POSTCODE_PROBLEMS: dict[type[Exception], Any] = {
    InvalidPostcode: _l("Vul de postcode in zoals 3011 AB of 3011."),
    UnknownPostcode: _l("Deze postcode kennen we niet. Kijk of u hem goed heeft getypt."),
}


def show_service_error(form: FlaskForm, error: Exception, postcode_field: str = "postcode") -> None:
    """Put what a posting service refused (a postcode it cannot place, or an
    ``InvalidPosting``) beside its field, or above the form when the form has no such field."""
    if isinstance(error, InvalidPosting):
        field = postcode_field if error.field == "postcode" else error.field
        show_beside_field(form, field, error.message)
    else:
        show_beside_field(form, postcode_field, POSTCODE_PROBLEMS[type(error)])


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
        "language": posting.language or "",
        "timing": posting.timing,
        "once_on": posting.once_on,
        "once_daypart": posting.once_daypart,
        "recurring_slots": [
            f"{day}-{part}" for day, part in dayparts.slots_from_mask(posting.daypart_mask)
        ]
        if posting.timing == Timing.RECURRING
        else [],
        "ends_on": posting.ends_on,
        "lasting": posting.lasting or "",
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
        widget=ChoiceListSelect(),
    )
    category = SelectField(_l("Soort hulp"), validate_choice=False, widget=ChoiceListSelect())
    postcode = StringField(
        _l("Vanaf postcode"),
        validators=[Length(max=10, message=_l("Vul een postcode in zoals 3011 of 3011 AB."))],
    )
    km = SelectField(
        _l("Afstand"),
        choices=[SelectChoice("", _l("Alle afstanden"))]
        + [SelectChoice(str(km), _l("Binnen %(km)s km", km=km)) for km in DISTANCE_CHOICES],
        validate_choice=False,
        widget=ChoiceListSelect(),
    )
    sort = SelectField(
        _l("Volgorde"),
        choices=[
            SelectChoice(SORT_RELEVANCE, _l("Best passend eerst")),
            SelectChoice(SORT_NEWEST, _l("Nieuwste eerst")),
            SelectChoice(SORT_NEAREST, _l("Dichtstbij eerst")),
        ],
        validate_choice=False,
        widget=ChoiceListSelect(),
    )
    wijk = SelectField(
        _l("Wijk"),
        choices=[SelectChoice("", _l("Alle wijken"))],
        validate_choice=False,
        widget=ChoiceListSelect(),
    )
    # Vrijwilligerswerk (vacancies) only: choosing any of these shows only vacancies.
    vog = SelectField(
        _l("Verklaring Omtrent het Gedrag (VOG)"),
        choices=[
            SelectChoice("", _l("Maakt niet uit")),
            SelectChoice("nee", _l("Zonder VOG")),
            SelectChoice("ja", _l("Met VOG")),
        ],
        validate_choice=False,
        widget=ChoiceListSelect(),
    )
    hours = SelectField(
        _l("Uren per week"),
        choices=[SelectChoice("", _l("Maakt niet uit"))]
        + [SelectChoice(str(n), _l("Hooguit %(n)s uur", n=n)) for n in HOURS_CHOICES],
        validate_choice=False,
        widget=ChoiceListSelect(),
    )
    newcomers = BooleanField(_l("Geschikt voor nieuwkomers"))

    def set_categories(self, categories: Sequence[tuple[str, str]]) -> None:
        """The filter's categories as (slug, name), as ``active_category_choices`` gives them."""
        self.category.choices = [SelectChoice("", _l("Alle soorten hulp"))] + [
            SelectChoice(slug, name) for slug, name in categories
        ]

    def set_neighbourhoods(self, names: Sequence[str]) -> None:
        """The wijken with postings now; a known wijk without postings is kept when chosen,
        so a link from the map never turns into an error."""
        chosen = self.wijk.data
        if chosen and chosen not in names and is_neighbourhood(chosen):
            names = sorted([*names, chosen])
        self.wijk.choices = [SelectChoice("", _l("Alle wijken"))] + [
            SelectChoice(name, name) for name in names
        ]

    def validate(self, extra_validators: Any = None) -> bool:
        super().validate(extra_validators)
        for f in (self.kind, self.category, self.km, self.sort, self.wijk, self.vog, self.hours):
            if f.data and f.data not in {str(choice.value) for choice in f.choices}:
                f.errors = [_l("Deze keuze kennen we niet. Kies een van de mogelijkheden.")]
        return not any(f.errors for f in self)

    def vacancy_filters(self) -> VacancyFilters:
        vog, hours = self.value("vog"), self.value("hours")
        return VacancyFilters(
            needs_vog=None if vog is None else vog == "ja",
            max_hours=int(hours) if hours else None,
            suits_newcomers=bool(self.newcomers.data),
        )

    def active_filters(self) -> list[str]:
        """The filters in use, as "Wijk: Cool", to show above the results."""
        active = []
        for f in (self.q, self.kind, self.category, self.wijk, self.km, self.vog, self.hours):
            if f.errors or not f.data:
                continue
            if isinstance(f, SelectField):
                text = next((str(c.label) for c in f.choices if c.value == f.data), f.data)
            else:
                text = f.data
            active.append(f"{f.label.text}: {text}")
        if self.newcomers.data:
            active.append(str(self.newcomers.label.text))
        return active

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
            self.postcode.errors = [POSTCODE_PROBLEMS[UnknownPostcode]]
            return None
        return Origin(place.lat, place.lon)

    @property
    def words(self) -> list[str]:
        return search_words(self.q.data if not self.q.errors else "")

    @property
    def max_km(self) -> int | None:
        km = self.value("km")
        return int(km) if km else None
