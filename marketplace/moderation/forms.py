"""Forms for moderators and for reporting something."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Optional

from marketplace.form_fields import text_area_field, text_field
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
    "report.resolve": _l("Klacht afgehandeld"),
}


class ConfirmForm(FlaskForm):
    """A button without fields (approve, unblock); the form only carries the CSRF token."""

    next = HiddenField()


REASON_TOO_LONG = _l("Maak de reden korter: hooguit %(max)d tekens.")


def _reason_field(label: Any, max_length: int, required: Any) -> Any:
    """A moderator's reason for a decision; ``required`` says what to write."""
    return text_area_field(label, max_length, REASON_TOO_LONG, required=required, filters=())


class RejectForm(FlaskForm):
    rejection_reason = _reason_field(
        _l("Waarom wijst u deze oproep af?"),
        REJECTION_REASON_MAX,
        _l("Schrijf waarom u de oproep afwijst. De schrijver leest dit."),
    )


class HideForm(FlaskForm):
    hide_reason = _reason_field(
        _l("Waarom verbergt u deze oproep?"),
        HIDE_REASON_MAX,
        _l("Schrijf waarom u de oproep verbergt. De schrijver leest dit."),
    )
    next = HiddenField()


class BlockForm(FlaskForm):
    block_reason = _reason_field(
        _l("Waarom blokkeert u deze persoon?"),
        BLOCK_REASON_MAX,
        _l("Schrijf waarom u deze persoon blokkeert."),
    )
    next = HiddenField()


class ResolveReportForm(FlaskForm):
    """One per report on the list page: the prefix keeps every field id unique."""

    @classmethod
    def for_report(cls, report_id: int, **kwargs: Any) -> ResolveReportForm:
        return cls(prefix=f"report-{report_id}", **kwargs)

    resolution = text_area_field(
        _l("Wat heeft u met deze klacht gedaan?"),
        RESOLUTION_MAX,
        _l("Maak de tekst korter: hooguit %(max)d tekens."),
        required=_l("Schrijf kort wat u heeft gedaan, bijvoorbeeld: oproep verborgen."),
        filters=(),
    )


class ReportForm(FlaskForm):
    reason = text_area_field(
        _l("Wat is er aan de hand?"),
        REPORT_REASON_MAX,
        _l("Maak uw tekst korter: hooguit %(max)d tekens."),
        required=_l("Schrijf wat er aan de hand is, zodat een moderator kan helpen."),
        filters=(),
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
    actor = text_field(_l("E-mailadres van de moderator"), 254, None, optional=True, filters=())
