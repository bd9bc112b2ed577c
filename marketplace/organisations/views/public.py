"""The public list of organisations and an organisation's own page with its vacancies."""

from __future__ import annotations

from flask import abort, render_template, request
from flask_login import current_user

from marketplace.extensions import db
from marketplace.organisations import services
from marketplace.organisations.forms import OrganisationSearchForm
from marketplace.organisations.views.blueprint import bp
from marketplace.pagination import paginate


@bp.get("/")
def index() -> tuple[str, int]:
    form = OrganisationSearchForm(request.args)
    valid = form.validate()
    search = form.q.data if valid and form.q.data else ""
    page = paginate(services.approved_organisations_query(search))
    return render_template("organisations/index.html", form=form, page=page, search=search), (
        200 if valid else 422
    )


@bp.get("/<slug>")
def show(slug: str) -> str:
    organisation = services.visible_organisation(db.session, slug, current_user)
    if organisation is None:
        abort(404)
    return render_template(
        "organisations/show.html",
        organisation=organisation,
        vacancies=paginate(services.open_vacancies_query(organisation)),
        can_manage=services.can_manage(db.session, current_user, organisation),
    )
