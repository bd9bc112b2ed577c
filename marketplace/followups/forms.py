"""The answer form behind the "Is het gelukt?" link: three big buttons."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import AnyOf, InputRequired

from marketplace.followups.models import FollowUpAnswer

ANSWER_MESSAGE = _l("Kies ‘Ja’, ‘Nog niet’ of ‘Nee’.")

# The buttons, in the order shown: (value, label).
ANSWER_BUTTONS = [
    (FollowUpAnswer.YES.value, _l("Ja, het is gelukt")),
    (FollowUpAnswer.NOT_YET.value, _l("Nog niet")),
    (FollowUpAnswer.NO.value, _l("Nee, het is niet gelukt")),
]


class AnswerForm(FlaskForm):
    # Each button sends name="answer" with its own value.
    answer = StringField(
        validators=[
            InputRequired(message=ANSWER_MESSAGE),
            AnyOf([value for value, _label in ANSWER_BUTTONS], message=ANSWER_MESSAGE),
        ]
    )
