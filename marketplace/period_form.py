"""The form that chooses the period figures are shown for: the last three months, a month,
a quarter, a year, or from date to date. One form for every figures page (the
municipality's dashboard adds its wijk to it; an organisation's own figures use it as it
is), shown with the ``forms.period_fields`` macro. A GET form, so a view is a link one can
share; wrong values get a message that says what to choose, nothing is guessed."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField

from marketplace.form_fields import DutchDateField
from marketplace.periods import (
    MAX_DAYS,
    Period,
    month_period,
    quarter_period,
    recent_period,
    year_period,
)

RECENT, MONTH, QUARTER, YEAR, CUSTOM = "recent", "month", "quarter", "year", "custom"
FIRST_YEAR = 2020
MONTH_NAMES = [
    _l("januari"),
    _l("februari"),
    _l("maart"),
    _l("april"),
    _l("mei"),
    _l("juni"),
    _l("juli"),
    _l("augustus"),
    _l("september"),
    _l("oktober"),
    _l("november"),
    _l("december"),
]
UNKNOWN_CHOICE = _l("Deze keuze kennen we niet. Kies een van de mogelijkheden.")


class PeriodForm(FlaskForm):
    class Meta:
        csrf = False

    period = SelectField(
        _l("Periode"),
        choices=[
            SelectChoice(RECENT, _l("De laatste 3 maanden")),
            SelectChoice(MONTH, _l("Een maand")),
            SelectChoice(QUARTER, _l("Een kwartaal")),
            SelectChoice(YEAR, _l("Een jaar")),
            SelectChoice(CUSTOM, _l("Van datum tot datum")),
        ],
        default=RECENT,
        validate_choice=False,
    )
    year = SelectField(_l("Jaar"), validate_choice=False)
    month = SelectField(
        _l("Maand"),
        choices=[SelectChoice(str(n), name) for n, name in enumerate(MONTH_NAMES, start=1)],
        validate_choice=False,
    )
    quarter = SelectField(
        _l("Kwartaal"),
        choices=[SelectChoice(str(n), _l("Kwartaal %(n)s", n=n)) for n in range(1, 5)],
        validate_choice=False,
    )
    date_from = DutchDateField(_l("Vanaf"))
    date_to = DutchDateField(_l("Tot en met"))

    def set_period_choices(self, today: date) -> None:
        """The years from 2020 up to this one; empty fields show this month, quarter and
        year, so choosing just "a quarter" works."""
        self.year.choices = [
            SelectChoice(str(year), str(year)) for year in range(today.year, FIRST_YEAR - 1, -1)
        ]
        if not self.year.data:
            self.year.data = str(today.year)
        if not self.month.data:
            self.month.data = str(today.month)
        if not self.quarter.data:
            self.quarter.data = str((today.month - 1) // 3 + 1)
        if not self.period.data:
            self.period.data = RECENT

    def validate(self, extra_validators: Any = None) -> bool:
        super().validate(extra_validators)
        for f in self:
            known = {str(choice.value) for choice in getattr(f, "choices", None) or []}
            if isinstance(f, SelectField) and f.data and str(f.data) not in known:
                f.errors = [UNKNOWN_CHOICE]
        if self.period.data == CUSTOM and not self.date_from.errors and not self.date_to.errors:
            start, end = self.date_from.data, self.date_to.data
            if start is None:
                self.date_from.errors = [_l("Vul in vanaf welke datum, bijvoorbeeld 1-1-2026.")]
            if end is None:
                self.date_to.errors = [_l("Vul in tot en met welke datum, bijvoorbeeld 31-3-2026.")]
            if start and end and start > end:
                self.date_to.errors = [
                    _l("De einddatum ligt vóór de begindatum. Draai ze om of kies opnieuw.")
                ]
            elif start and end and (end - start).days > MAX_DAYS:
                self.date_to.errors = [_l("Kies een periode van hooguit drie jaar.")]
            elif start and start.year < FIRST_YEAR:
                self.date_from.errors = [_l("Kies een datum vanaf %(year)s.", year=FIRST_YEAR)]
        return not any(f.errors for f in self)

    def chosen_period(self, today: date) -> Period:
        """Only after ``validate()`` returned True."""
        year = int(self.year.data or today.year)
        if self.period.data == MONTH:
            return month_period(year, int(self.month.data))
        if self.period.data == QUARTER:
            return quarter_period(year, int(self.quarter.data))
        if self.period.data == YEAR:
            return year_period(year)
        if self.period.data == CUSTOM:
            assert self.date_from.data is not None and self.date_to.data is not None
            return Period(self.date_from.data, self.date_to.data)
        return recent_period(today)
