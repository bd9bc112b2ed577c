"""The dashboard's choice of wijk and period: the shared period form
(``marketplace.period_form``) with the wijk added."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice, SelectField

from marketplace.period_form import (  # noqa: F401 (the dashboard's tests use them from here)
    CUSTOM,
    FIRST_YEAR,
    MONTH,
    MONTH_NAMES,
    QUARTER,
    RECENT,
    UNKNOWN_CHOICE,
    YEAR,
    PeriodForm,
)


class DashboardForm(PeriodForm):
    neighbourhood = SelectField(_l("Wijk"), validate_choice=False)

    def set_choices(self, neighbourhoods: Sequence[str], today: date) -> None:
        """The wijken that occur in postings, and the years from 2020 up to this one."""
        self.neighbourhood.choices = [SelectChoice("", _l("Alle wijken"))] + [
            SelectChoice(name, name) for name in neighbourhoods
        ]
        self.set_period_choices(today)

    def chosen_neighbourhood(self) -> str | None:
        return self.neighbourhood.data or None
