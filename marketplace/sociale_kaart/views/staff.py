"""For staff: the helpdesk's page (moderators answer the phone with it) and the
administrator's import of an HSDS data package."""

from __future__ import annotations

from typing import Any

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from marketplace.accounts.models import Role
from marketplace.accounts.permissions import role_required
from marketplace.errors import form_page, success_redirect
from marketplace.extensions import db
from marketplace.pagination import paginate
from marketplace.security_log import log_security_event
from marketplace.sociale_kaart import labels
from marketplace.sociale_kaart.errors import ImportRejected
from marketplace.sociale_kaart.finding import Filters, search, search_query
from marketplace.sociale_kaart.forms import ImportForm
from marketplace.sociale_kaart.importing import import_package, read_json, read_zip
from marketplace.sociale_kaart.views.blueprint import bp

MAX_PROBLEMS_SHOWN = 200


@bp.get("/sociale-kaart/helpdesk")
@role_required(Role.MODERATOR, Role.ADMIN)
def helpdesk() -> str:
    filters = Filters.from_args(request.args)
    found = search(db.session, filters)
    return render_template(
        "sociale_kaart/helpdesk.html",
        filters=filters,
        page=paginate(search_query(filters), total=found.total),
        problems=found.facets["problem"],
        wijken=found.facets["wijk"],
        term_label=labels.term_label,
        value_label=labels.value_label,
    )


@bp.route("/sociale-kaart/beheer/importeren", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def import_services() -> Any:
    form = ImportForm()
    problems: list[Any] = []
    if form.validate_on_submit():
        upload = form.package.data
        data = upload.read()
        try:
            records = (
                read_zip(data) if upload.filename.lower().endswith(".zip") else read_json(data)
            )
            counts = import_package(db.session, records)
        except ImportRejected as rejected:
            db.session.rollback()
            problems = rejected.problems
            form.package.errors = [str(rejected.message)]
        else:
            log_security_event(
                "sociale_kaart.import", user_id=current_user.id, services=counts["service"]
            )
            return success_redirect(
                _("Ingelezen: %(n)s diensten.", n=counts["service"]),
                url_for("sociale_kaart.import_services"),
            )
    return form_page(
        "sociale_kaart/import.html",
        form,
        problems=problems[:MAX_PROBLEMS_SHOWN],
        more_problems=max(0, len(problems) - MAX_PROBLEMS_SHOWN),
    )


@bp.get("/sociale-kaart/beheer/")
@role_required(Role.ADMIN)
def manage() -> Any:
    return redirect(url_for("sociale_kaart.import_services"))
