"""Forms for moderators and for reporting something."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from marketplace.moderation.services import AUDIT_ACTIONS

REJECTION_REASON_MAX = 1000
HIDE_REASON_MAX = 1000
BLOCK_REASON_MAX = 500  # users.blocked_reason
RESOLUTION_MAX = 500  # reports.resolution
REPORT_REASON_MAX = 2000

AUDIT_ACTION_LABELS = {
    "posting.approve": _l("Oproep goedgekeurd"),
    "posting.reject": _l("Oproep afgewezen"),
    "posting.hide": _l("Oproep verborgen"),
    "user.block": _l("Persoon geblokkeerd"),
    "user.unblock": _l("Blokkade opgeheven"),
    "report.resolve": _l("Melding afgehandeld"),
}


class ConfirmForm(FlaskForm):
    """A button without fields (approve, unblock); the form only carries the CSRF token."""

    next = HiddenField()


class RejectForm(FlaskForm):
    rejection_reason = TextAreaField(
        _l("Waarom wijst u deze oproep af?"),
        validators=[
            DataRequired(_l("Schrijf waarom u de oproep afwijst. De schrijver leest dit.")),
            Length(
                max=REJECTION_REASON_MAX,
                message=_l("Maak de reden korter: hooguit %(max)d tekens."),
            ),
        ],
    )


class HideForm(FlaskForm):
    hide_reason = TextAreaField(
        _l("Waarom verbergt u deze oproep?"),
        validators=[
            DataRequired(_l("Schrijf waarom u de oproep verbergt. De schrijver leest dit.")),
            Length(
                max=HIDE_REASON_MAX,
                message=_l("Maak de reden korter: hooguit %(max)d tekens."),
            ),
        ],
    )
    next = HiddenField()


class BlockForm(FlaskForm):
    block_reason = TextAreaField(
        _l("Waarom blokkeert u deze persoon?"),
        validators=[
            DataRequired(_l("Schrijf waarom u deze persoon blokkeert.")),
            Length(
                max=BLOCK_REASON_MAX,
                message=_l("Maak de reden korter: hooguit %(max)d tekens."),
            ),
        ],
    )
    next = HiddenField()


class ResolveReportForm(FlaskForm):
    """One per report on the list page: the prefix keeps every field id unique."""

    @classmethod
    def for_report(cls, report_id: int, **kwargs: Any) -> ResolveReportForm:
        return cls(prefix=f"report-{report_id}", **kwargs)

    resolution = TextAreaField(
        _l("Wat heeft u met deze melding gedaan?"),
        validators=[
            DataRequired(_l("Schrijf kort wat u heeft gedaan, bijvoorbeeld: oproep verborgen.")),
            Length(
                max=RESOLUTION_MAX,
                message=_l("Maak de tekst korter: hooguit %(max)d tekens."),
            ),
        ],
    )


class ReportForm(FlaskForm):
    reason = TextAreaField(
        _l("Wat is er aan de hand?"),
        validators=[
            DataRequired(_l("Schrijf wat er aan de hand is, zodat een moderator kan helpen.")),
            Length(
                max=REPORT_REASON_MAX,
                message=_l("Maak uw tekst korter: hooguit %(max)d tekens."),
            ),
        ],
    )


class AuditFilterForm(FlaskForm):
    """Filters in the query string: a wrong value is ignored, never an error page."""

    class Meta:
        csrf = False

    action = SelectField(
        _l("Wat"),
        choices=[SelectChoice("", _l("Alles"))]
        + [SelectChoice(a, AUDIT_ACTION_LABELS[a]) for a in AUDIT_ACTIONS],
        validators=[Optional()],
        validate_choice=False,
    )
    actor = StringField(
        _l("E-mailadres van de moderator"),
        validators=[Optional(), Length(max=254)],
    )
