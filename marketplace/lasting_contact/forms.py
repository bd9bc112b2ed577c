"""The rhythm form: the day of the week and the time."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, TimeField
from wtforms.validators import InputRequired

DAYS = [
    _l("maandag"),
    _l("dinsdag"),
    _l("woensdag"),
    _l("donderdag"),
    _l("vrijdag"),
    _l("zaterdag"),
    _l("zondag"),
]


class RhythmForm(FlaskForm):
    weekday = SelectField(
        _l("Op welke dag?"),
        coerce=int,
        choices=[SelectChoice(index, day) for index, day in enumerate(DAYS)],
        validators=[InputRequired(_l("Kies de dag van de week."))],
    )
    at_time = TimeField(
        _l("Hoe laat?"), validators=[InputRequired(_l("Vul een tijd in, bijvoorbeeld 10:00."))]
    )
