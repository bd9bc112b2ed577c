"""Forms for rounds, address lists, planning, visitors and a visit's result."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, IntegerField, RadioField, SelectChoice
from wtforms.validators import DataRequired, NumberRange, Optional

from marketplace.form_fields import (
    MultiCheckboxField,
    date_field,
    email_field,
    one_of,
    text_area_field,
    text_field,
    whole_number_field,
)
from marketplace.home_visits import loneliness
from marketplace.home_visits.models import VisitStatus, Wish
from marketplace.home_visits.rounds import NAME_MAX
from marketplace.home_visits.visits import HOW_DOING_MAX, ReportData

WISH_LABELS = {
    Wish.COMPANY: _l("Gezelschap"),
    Wish.SHOPPING: _l("Boodschappen"),
    Wish.ACTIVITIES: _l("Activiteiten"),
    Wish.PRACTICAL: _l("Praktische hulp"),
    Wish.INFORMATION: _l("Informatie"),
}
RESULT_LABELS = {
    VisitStatus.VISITED: _l("Bezocht: we hebben gepraat"),
    VisitStatus.NOT_HOME: _l("Niet thuis"),
    VisitStatus.DECLINED: _l("Wil geen bezoek"),
}
STATUS_LABELS = {
    VisitStatus.PLANNED: _l("Gepland"),
    VisitStatus.VISITED: _l("Bezocht"),
    VisitStatus.NOT_HOME: _l("Niet thuis, nog eens proberen"),
    VisitStatus.NOT_REACHED: _l("Niet bereikt"),
    VisitStatus.DECLINED: _l("Wil geen bezoek"),
}


class RoundForm(FlaskForm):
    name = text_field(
        _l("Naam van de ronde"),
        NAME_MAX,
        _l("Maak de naam korter: hooguit %(max)d tekens."),
        required=_l("Geef de ronde een naam, bijvoorbeeld ‘75+ Delfshaven’."),
    )
    wijk = text_field(
        _l("Wijk"),
        NAME_MAX,
        _l("Maak de naam van de wijk korter: hooguit %(max)d tekens."),
        required=_l("Vul de wijk in, bijvoorbeeld Delfshaven."),
    )
    year = whole_number_field(_l("Jaar"), 2020, 2100, _l("Vul een jaar in, bijvoorbeeld 2027."))


class AddressListForm(FlaskForm):
    addresses = FileField(
        _l("Adressenlijst (CSV)"),
        validators=[FileRequired(_l("Kies het CSV-bestand met de adressen."))],
    )


class EndRoundForm(FlaskForm):
    """Ending a round: one button (the form is only its CSRF token)."""


class EraseForm(FlaskForm):
    """Erasing a resident's data at her request: one button; the box makes it deliberate."""

    confirm = BooleanField(
        _l("De bewoner vroeg ons haar of zijn gegevens te wissen."),
        validators=[DataRequired(_l("Zet eerst het vinkje: wissen kan niet ongedaan worden."))],
    )


class PlanForm(FlaskForm):
    starts_on = date_field(
        _l("Eerste dag van de bezoeken"),
        required=_l("Vul de eerste dag in, bijvoorbeeld 8-3-2027."),
    )
    max_per_visitor = IntegerField(
        _l("Hooguit zoveel adressen per bezoeker"),
        validators=[
            Optional(),
            NumberRange(min=1, max=500, message=_l("Vul een getal van 1 tot 500 in, of niets.")),
        ],
        render_kw={"inputmode": "numeric"},
    )

    @property
    def first_day(self) -> date:
        return cast(date, self.starts_on.data)  # DataRequired: a date once validated


class QualificationForm(FlaskForm):
    email = email_field(
        _l("E-mailadres van de vrijwilliger"),
        _l("Vul een korter e-mailadres in."),
        required=_l("Vul het e-mailadres in waarmee de vrijwilliger inlogt."),
    )
    vog_on = date_field(
        _l("Datum van de VOG"), required=_l("Vul de datum op de VOG in, bijvoorbeeld 5-1-2027.")
    )
    trained_on = date_field(
        _l("Datum van de training"), required=_l("Vul de datum van de training in.")
    )
    training_expires_on = date_field(
        _l("Training geldig tot"), required=_l("Vul in tot wanneer de training geldig is.")
    )

    def dates(self) -> dict[str, date]:
        """The three dates, once validated (each is DataRequired)."""
        return {
            name: cast(date, self[name].data)
            for name in ("vog_on", "trained_on", "training_expires_on")
        }


class ResultForm(FlaskForm):
    """The result of ringing the bell and, after a conversation, a short report. The scale's
    answers count only when the consent box is ticked."""

    result = RadioField(
        _l("Hoe ging het?"),
        choices=[SelectChoice(value.value, label) for value, label in RESULT_LABELS.items()],
        validators=one_of(RESULT_LABELS, _l("Kies wat er gebeurde.")),
    )
    how_doing = text_area_field(
        _l("Hoe gaat het met de bewoner?"),
        HOW_DOING_MAX,
        _l("Maak het verslag korter: hooguit %(max)d tekens."),
    )
    wishes = MultiCheckboxField(
        _l("Wensen van de bewoner"),
        choices=[SelectChoice(value.value, label) for value, label in WISH_LABELS.items()],
    )
    scale_consent = BooleanField(
        _l("De bewoner vindt het goed om zes vragen over eenzaamheid te beantwoorden.")
    )

    def validate(self, extra_validators: Any = None) -> bool:
        valid = super().validate(extra_validators)
        if self.scale_consent.data and self.result.data == VisitStatus.VISITED:
            for key in loneliness.ITEM_KEYS:
                field = self[f"scale_{key}"]
                if field.data not in loneliness.ANSWER_LABELS:
                    field.errors = [*field.errors, _l("Kies ja, min of meer, of nee.")]
                    valid = False
        return valid

    def report_data(self) -> ReportData:
        consent = bool(self.scale_consent.data)
        return ReportData(
            how_doing=self.how_doing.data or "",
            wishes=[Wish(value) for value in self.wishes.data or []],
            scale_consent=consent,
            scale_answers=(
                {key: self[f"scale_{key}"].data for key in loneliness.ITEM_KEYS} if consent else {}
            ),
        )

    def scale_fields(self) -> list[Any]:
        return [self[f"scale_{key}"] for key in loneliness.ITEM_KEYS]


for _key, _statement, _ in loneliness.ITEMS:
    setattr(
        ResultForm,
        f"scale_{_key}",
        RadioField(
            _statement,
            choices=[SelectChoice(a.value, label) for a, label in loneliness.ANSWER_LABELS.items()],
            validate_choice=False,
            validators=[Optional()],
        ),
    )
