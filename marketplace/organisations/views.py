"""Organisation pages: the public list and profiles, registration, admin approval,
staff management, vacancies and their applicants."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace.accounts.models import Role, User
from marketplace.accounts.permissions import (
    PermissionDenied,
    confirmed_required,
    role_required,
)
from marketplace.dayparts import DAY_LABELS, DAYS, PART_LABELS, PARTS
from marketplace.extensions import db
from marketplace.geo import InvalidPostcode, UnknownPostcode
from marketplace.organisations import services
from marketplace.organisations.errors import (
    AlreadyStaff,
    LastCoordinator,
    NoAccountForEmail,
    NotStaff,
    OrganisationNotPending,
)
from marketplace.organisations.forms import (
    AddStaffForm,
    OrganisationForm,
    OrganisationSearchForm,
    RejectOrganisationForm,
    VacancyForm,
)
from marketplace.organisations.models import Organisation
from marketplace.postings.categories import active_categories
from marketplace.postings.errors import InvalidPosting
from marketplace.postings.models import PostingKind
from marketplace.postings.services import create_posting

bp = Blueprint("organisations", __name__, url_prefix="/organisaties")


def _paginate(query: Any) -> Any:
    return db.paginate(
        query,
        page=request.args.get("page", 1, type=int),
        per_page=current_app.config["PAGE_SIZE"],
        error_out=False,
    )


def _manageable_or_404(organisation_id: int) -> Organisation:
    organisation = services.manageable_organisation(db.session, organisation_id, current_user)
    if organisation is None:
        abort(404)
    return organisation


# --- public ----------------------------------------------------------------------------


@bp.get("/")
def index() -> tuple[str, int]:
    form = OrganisationSearchForm(request.args)
    valid = form.validate()
    search = form.q.data if valid and form.q.data else ""
    page = _paginate(services.approved_organisations_query(search))
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
        vacancies=_paginate(services.open_vacancies_query(organisation)),
        can_manage=services.can_manage(db.session, current_user, organisation),
    )


# --- registering and approving ---------------------------------------------------------


@bp.route("/aanmelden", methods=["GET", "POST"])
@confirmed_required
def new() -> Any:
    form = OrganisationForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("organisations/new.html", form=form), status
    data = services.OrganisationData(
        name=form.name.data,
        description=form.description.data,
        website=form.website.data,
        email=form.email.data,
        phone=form.phone.data,
        neighbourhoods=form.neighbourhood_names,
    )
    organisation = services.register_organisation(db.session, current_user, data)
    db.session.commit()
    flash(
        _(
            "Bedankt. Wij kijken naar de aanmelding van %(name)s. U krijgt bericht als de "
            "organisatie is goedgekeurd.",
            name=organisation.name,
        ),
        "success",
    )
    return redirect(url_for("organisations.mine"))


@bp.get("/mijn")
@login_required
def mine() -> str:
    is_admin = current_user.has_role(Role.ADMIN)
    return render_template(
        "organisations/mine.html",
        memberships=services.user_memberships(db.session, current_user),
        pending_count=services.count_pending_organisations(db.session) if is_admin else None,
    )


@bp.get("/wachtend")
@role_required(Role.ADMIN)
def pending() -> str:
    return render_template(
        "organisations/pending.html", page=_paginate(services.pending_organisations_query())
    )


@bp.post("/<int:organisation_id>/goedkeuren")
@role_required(Role.ADMIN)
def approve(organisation_id: int) -> WerkzeugResponse:
    organisation = db.get_or_404(Organisation, organisation_id)
    try:
        services.approve_organisation(db.session, current_user, organisation)
    except OrganisationNotPending:
        flash(_("Over deze organisatie is al een besluit genomen."), "info")
    else:
        db.session.commit()
        flash(_("%(name)s is goedgekeurd.", name=organisation.name), "success")
    return redirect(url_for("organisations.pending"))


@bp.route("/<int:organisation_id>/afwijzen", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def reject(organisation_id: int) -> Any:
    organisation = db.get_or_404(Organisation, organisation_id)
    form = RejectOrganisationForm()
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template(
            "organisations/reject.html", organisation=organisation, form=form
        ), status
    try:
        services.reject_organisation(db.session, current_user, organisation, form.reason.data)
    except OrganisationNotPending:
        flash(_("Over deze organisatie is al een besluit genomen."), "info")
    else:
        db.session.commit()
        flash(_("%(name)s is afgewezen.", name=organisation.name), "success")
    return redirect(url_for("organisations.pending"))


# --- staff -----------------------------------------------------------------------------


def _render_manage(organisation: Organisation, form: AddStaffForm, status: int = 200) -> Any:
    vacancies = _paginate(services.organisation_vacancies_query(organisation))
    return render_template(
        "organisations/manage.html",
        organisation=organisation,
        form=form,
        staff=services.staff_list(db.session, organisation),
        vacancies=vacancies,
        applicant_counts=services.applicant_counts(db.session, vacancies.items),
        can_change_staff=services.can_change_staff(db.session, current_user, organisation),
        is_staff=services.is_staff(db.session, current_user, organisation),
    ), status


@bp.get("/<int:organisation_id>/beheer")
@login_required
def manage(organisation_id: int) -> Any:
    return _render_manage(_manageable_or_404(organisation_id), AddStaffForm())


@bp.post("/<int:organisation_id>/medewerkers")
@login_required
def add_staff(organisation_id: int) -> Any:
    organisation = _manageable_or_404(organisation_id)
    form = AddStaffForm()
    if not form.validate_on_submit():
        return _render_manage(organisation, form, 422)
    try:
        membership = services.add_staff(
            db.session, current_user, organisation, form.email.data, form.role.data
        )
    except PermissionDenied:
        abort(403)
    except NoAccountForEmail:
        form.email.errors.append(
            _("Deze persoon heeft nog geen account. Vraag hem of haar eerst een account te maken.")
        )
        return _render_manage(organisation, form, 422)
    except AlreadyStaff:
        form.email.errors.append(_("Deze persoon werkt al voor uw organisatie."))
        return _render_manage(organisation, form, 422)
    db.session.commit()
    flash(_("%(name)s is toegevoegd.", name=membership.user.display_name), "success")
    return redirect(url_for("organisations.manage", organisation_id=organisation.id))


@bp.post("/<int:organisation_id>/medewerkers/<int:user_id>/verwijderen")
@login_required
def remove_staff(organisation_id: int, user_id: int) -> WerkzeugResponse:
    organisation = _manageable_or_404(organisation_id)
    user = db.get_or_404(User, user_id)
    try:
        services.remove_staff(db.session, current_user, organisation, user)
    except PermissionDenied:
        abort(403)
    except NotStaff:
        abort(404)
    except LastCoordinator:
        flash(
            _("U kunt de laatste coördinator niet weghalen. Maak eerst iemand anders coördinator."),
            "error",
        )
    else:
        db.session.commit()
        flash(_("%(name)s is weggehaald.", name=user.display_name), "success")
    return redirect(url_for("organisations.manage", organisation_id=organisation.id))


# --- vacancies -------------------------------------------------------------------------


@bp.route("/<int:organisation_id>/vacatures/nieuw", methods=["GET", "POST"])
@login_required
def new_vacancy(organisation_id: int) -> Any:
    organisation = _manageable_or_404(organisation_id)
    if not services.is_staff(db.session, current_user, organisation):
        abort(403)  # an admin who does not work here
    if not organisation.is_approved:
        flash(
            _("U kunt vacatures plaatsen zodra een beheerder uw organisatie heeft goedgekeurd."),
            "info",
        )
        return redirect(url_for("organisations.manage", organisation_id=organisation.id))
    profile = current_user.profile
    form = VacancyForm(postcode=profile.postcode if profile else None)
    form.set_categories(active_categories(db.session), str(get_locale() or "nl"))
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return _render_new_vacancy(organisation, form, status)
    try:
        create_posting(
            db.session,
            author=current_user,
            data=form.posting_data(PostingKind.VACANCY),
            organisation=organisation,
        )
    except InvalidPostcode:
        form.show_error("postcode", _("Vul een postcode in zoals 3011 AB."))
        return _render_new_vacancy(organisation, form, 422)
    except UnknownPostcode:
        form.show_error(
            "postcode", _("Deze postcode kennen we niet. Kijk of u hem goed heeft getypt.")
        )
        return _render_new_vacancy(organisation, form, 422)
    except InvalidPosting as error:
        form.show_error(error.field, error.message)
        return _render_new_vacancy(organisation, form, 422)
    except PermissionDenied:
        abort(403)
    db.session.commit()
    flash(
        _(
            "Uw vacature is opgeslagen. Een moderator kijkt er eerst naar. "
            "Daarna kan iedereen hem zien."
        ),
        "success",
    )
    return redirect(url_for("organisations.manage", organisation_id=organisation.id))


def _render_new_vacancy(organisation: Organisation, form: VacancyForm, status: int) -> Any:
    return render_template(
        "organisations/new_vacancy.html",
        organisation=organisation,
        form=form,
        day_labels=[DAY_LABELS[day] for day in DAYS],
        part_labels=[PART_LABELS[part] for part in PARTS],
    ), status


@bp.get("/vacatures/<int:posting_id>/aanmeldingen")
@login_required
def applicants(posting_id: int) -> str:
    posting = services.vacancy_for_staff(db.session, posting_id, current_user)
    if posting is None:
        abort(404)
    return render_template(
        "organisations/applicants.html",
        posting=posting,
        page=_paginate(services.applicants_query(posting)),
    )
