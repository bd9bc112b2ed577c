"""Small helpers the agenda's views share."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

from flask import abort, current_app, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace.accounts.permissions import PermissionDenied
from marketplace.agenda.errors import AgendaError
from marketplace.agenda.models import Activity
from marketplace.agenda.services import visible_activity
from marketplace.domain_errors import DomainError
from marketplace.errors import Refusal
from marketplace.extensions import db
from marketplace.postings.errors import PostingError

# "Ga je mee?" (for oneself or for a client) says no with the error's own message.
COMPANY_REFUSALS: Mapping[type[DomainError], Refusal] = {
    AgendaError: "error",
    PostingError: "error",
    PermissionDenied: "error",
}


def parse_day(text: str | None) -> date | None:
    """A date from the URL (2026-03-03); None when absent or not a date."""
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def day_or_404(text: str) -> date:
    day = parse_day(text)
    if day is None:
        abort(404)
    return day


def dated_activity(activity_id: int, day: str) -> tuple[Activity, date]:
    """The activity the person may see, on the date from the URL (404 for no date)."""
    chosen = day_or_404(day)
    return visible_activity(db.session, activity_id, current_user), chosen


def activity_page(activity_id: int, day: str | None) -> WerkzeugResponse:
    """Back to the activity's page, on the date from the URL when there is one."""
    return redirect(url_for("agenda.detail", activity_id=activity_id, datum=day))


def company_note() -> str:
    """What the person added to a "Ga je mee?" ("toelichting"), at most 500 characters."""
    return (request.form.get("toelichting") or "").strip()[:500]


def upload_root() -> Path:
    """Where uploads live (the organisations' logos too)."""
    return Path(current_app.instance_path) / "uploads"
