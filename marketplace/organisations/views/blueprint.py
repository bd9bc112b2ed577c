"""The organisations blueprint, and the lookups its pages share (404 or 403 when the
person may not see the organisation, vacancy or page)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort
from flask_babel import format_decimal
from flask_login import current_user

from marketplace.accounts.memberships import Organisation
from marketplace.extensions import db
from marketplace.organisations import services
from marketplace.postings.models import Posting

bp = Blueprint("organisations", __name__, url_prefix="/organisaties")


@bp.app_template_filter("hours")
def format_hours(value: Any) -> str:
    """2.50 -> "2,5" in Dutch."""
    return format_decimal(value or 0, format="#,##0.##")


def manageable_or_404(organisation_id: int) -> Organisation:
    organisation = services.manageable_organisation(db.session, organisation_id, current_user)
    if organisation is None:
        abort(404)
    return organisation


def coordinated_or_error(organisation_id: int) -> Organisation:
    """404 for people who do not work there, 403 for staff who are not coordinators."""
    organisation = manageable_or_404(organisation_id)
    if not services.can_change_staff(db.session, current_user, organisation):
        abort(403)
    return organisation


def vacancy_or_404(posting_id: int) -> Posting:
    posting = services.vacancy_for_staff(db.session, posting_id, current_user)
    if posting is None:
        abort(404)
    return posting
