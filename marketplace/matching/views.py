"""'Voor u': the postings the worker found for this person, with the reasons why."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace.categories import category_names
from marketplace.errors import success_redirect
from marketplace.extensions import db
from marketplace.i18n import current_language
from marketplace.matching.forms import DismissForm
from marketplace.matching.services import (
    describe_suggestions,
    dismiss_suggestion,
    is_ready_for_suggestions,
    suggestions_for,
)
from marketplace.pagination import paginate

bp = Blueprint("matching", __name__, url_prefix="/voor-u")


@bp.get("/")
@login_required
def for_you() -> str:
    page = paginate(suggestions_for(current_user.id))
    names = category_names(db.session, current_language())
    return render_template(
        "matching/for_you.html",
        page=page,
        suggestions=describe_suggestions(page.items, names),
        is_ready=is_ready_for_suggestions(current_user),
        form=DismissForm(),
    )


@bp.post("/<int:suggestion_id>/niet-voor-mij")
@login_required
def dismiss(suggestion_id: int) -> WerkzeugResponse:
    form = DismissForm()
    if not form.validate_on_submit():
        abort(400)
    dismiss_suggestion(db.session, current_user, suggestion_id)  # SuggestionNotFound: 404
    return success_redirect(
        _("U ziet deze oproep niet meer bij ‘Voor u’."), url_for("matching.for_you")
    )
