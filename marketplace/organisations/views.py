"""Organisation pages: the public list and profiles, registration, admin approval,
staff and invitations, vacancies, the applicant pipeline, placed volunteers, and a
volunteer's own applications."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import format_decimal, get_locale
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
from marketplace.organisations import logos, pipeline, services
from marketplace.organisations.errors import (
    AlreadyStaff,
    InvalidLogo,
    InvitationExpired,
    InvitationForOtherAccount,
    InvitationInvalid,
    InvitationPending,
    LastCoordinator,
    NotPlaced,
    NotStaff,
    OrganisationNotPending,
    TransitionNotAllowed,
)
from marketplace.organisations.forms import (
    ChangeRoleForm,
    HoursForm,
    InviteForm,
    LogoForm,
    MoveApplicationForm,
    NoteForm,
    OrganisationForm,
    OrganisationSearchForm,
    ReferenceForm,
    RejectOrganisationForm,
    ShowReferenceForm,
    VacancyDetailsForm,
    VacancyWithDetailsForm,
)
from marketplace.organisations.models import Application, Invitation, Organisation, Reference
from marketplace.pagination import paginate
from marketplace.postings.categories import active_categories
from marketplace.postings.errors import InvalidPosting
from marketplace.postings.models import Posting, PostingKind
from marketplace.postings.services import is_manager

bp = Blueprint("organisations", __name__, url_prefix="/organisaties")


@bp.app_template_filter("hours")
def format_hours(value: Any) -> str:
    """2.50 -> "2,5" in Dutch."""
    return format_decimal(value or 0, format="#,##0.##")


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
        "organisations/pending.html", page=paginate(services.pending_organisations_query())
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


# --- the profile and logo --------------------------------------------------------------


def _coordinated_or_error(organisation_id: int) -> Organisation:
    """404 for people who do not work there, 403 for staff who are not coordinators."""
    organisation = _manageable_or_404(organisation_id)
    if not services.can_change_staff(db.session, current_user, organisation):
        abort(403)
    return organisation


def _upload_root() -> Path:
    return Path(current_app.instance_path) / "uploads"


def _render_profile(
    organisation: Organisation, form: OrganisationForm, logo_form: LogoForm, status: int = 200
) -> Any:
    return render_template(
        "organisations/edit_profile.html",
        organisation=organisation,
        form=form,
        logo_form=logo_form,
    ), status


@bp.route("/<int:organisation_id>/profiel", methods=["GET", "POST"])
@login_required
def edit_profile(organisation_id: int) -> Any:
    organisation = _coordinated_or_error(organisation_id)
    form = OrganisationForm(obj=organisation)
    if not form.is_submitted():
        form.fill_neighbourhoods(organisation.neighbourhood_list)
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return _render_profile(organisation, form, LogoForm(), status)
    data = services.OrganisationData(
        name=form.name.data,
        description=form.description.data,
        website=form.website.data,
        email=form.email.data,
        phone=form.phone.data,
        neighbourhoods=form.neighbourhood_names,
    )
    services.update_profile(db.session, current_user, organisation, data)
    db.session.commit()
    flash(_("De gegevens van %(name)s zijn opgeslagen.", name=organisation.name), "success")
    return redirect(url_for("organisations.manage", organisation_id=organisation.id))


@bp.post("/<int:organisation_id>/logo")
@login_required
def upload_logo(organisation_id: int) -> Any:
    organisation = _coordinated_or_error(organisation_id)
    logo_form = LogoForm()
    form = OrganisationForm(formdata=None, obj=organisation)
    form.fill_neighbourhoods(organisation.neighbourhood_list)
    if not logo_form.validate_on_submit():
        return _render_profile(organisation, form, logo_form, 422)
    upload = logo_form.logo.data
    try:
        data = upload.stream.read(logos.MAX_LOGO_BYTES + 1)
    finally:
        upload.close()
    try:
        logos.save_logo(db.session, current_user, organisation, data, _upload_root())
    except InvalidLogo as error:
        logo_form.logo.errors = [
            _("Dit bestand is groter dan 1 MB. Maak het plaatje kleiner en probeer het opnieuw.")
            if error.reason == "size"
            else _("Dit is geen PNG-, JPEG- of WebP-plaatje. Kies een ander bestand.")
        ]
        return _render_profile(organisation, form, logo_form, 422)
    db.session.commit()
    flash(_("Het logo is opgeslagen."), "success")
    return redirect(url_for("organisations.edit_profile", organisation_id=organisation.id))


@bp.post("/<int:organisation_id>/logo/verwijderen")
@login_required
def remove_logo(organisation_id: int) -> WerkzeugResponse:
    organisation = _coordinated_or_error(organisation_id)
    logos.remove_logo(db.session, current_user, organisation, _upload_root())
    db.session.commit()
    flash(_("Het logo is weggehaald."), "success")
    return redirect(url_for("organisations.edit_profile", organisation_id=organisation.id))


@bp.get("/<int:organisation_id>/logo/<filename>")
def logo(organisation_id: int, filename: str) -> Any:
    organisation = db.get_or_404(Organisation, organisation_id)
    visible = organisation.is_approved or services.can_manage(
        db.session, current_user, organisation
    )
    content_type = logos.content_type_for(filename)
    if not visible or filename != organisation.logo_filename or content_type is None:
        abort(404)
    path = logos.logo_dir(_upload_root(), organisation.id) / organisation.logo_filename
    if not path.is_file():
        abort(404)
    response = make_response(path.read_bytes())  # at most 1 MB
    response.mimetype = content_type
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Disposition"] = "inline"
    # A new logo gets a new random name, so the old one may be cached for long.
    response.headers["Cache-Control"] = "public, max-age=604800, immutable"
    return response


# --- staff and invitations -------------------------------------------------------------


def _render_manage(organisation: Organisation, form: InviteForm, status: int = 200) -> Any:
    vacancies = paginate(services.organisation_vacancies_query(organisation))
    can_change_staff = services.can_change_staff(db.session, current_user, organisation)
    return render_template(
        "organisations/manage.html",
        organisation=organisation,
        form=form,
        role_form=ChangeRoleForm(formdata=None),
        staff=services.staff_list(db.session, organisation),
        invitations=(
            services.pending_invitations(db.session, organisation) if can_change_staff else []
        ),
        vacancies=vacancies,
        applicant_counts=services.applicant_counts(db.session, vacancies.items),
        can_change_staff=can_change_staff,
        is_staff=services.is_staff(db.session, current_user, organisation),
    ), status


@bp.get("/<int:organisation_id>/beheer")
@login_required
def manage(organisation_id: int) -> Any:
    return _render_manage(_manageable_or_404(organisation_id), InviteForm(formdata=None))


@bp.post("/<int:organisation_id>/medewerkers")
@login_required
def invite(organisation_id: int) -> Any:
    organisation = _manageable_or_404(organisation_id)
    if not services.can_change_staff(db.session, current_user, organisation):
        abort(403)
    form = InviteForm()
    if not form.validate_on_submit():
        return _render_manage(organisation, form, 422)
    try:
        invitation, _token = services.invite_staff(
            db.session, current_user, organisation, form.email.data, form.role.data
        )
    except AlreadyStaff:
        form.email.errors.append(_("Deze persoon werkt al voor uw organisatie."))
        return _render_manage(organisation, form, 422)
    except InvitationPending:
        form.email.errors.append(
            _(
                "Dit adres heeft al een uitnodiging die nog geldig is. Wilt u een nieuwe "
                "sturen? Trek de oude dan eerst in."
            )
        )
        return _render_manage(organisation, form, 422)
    db.session.commit()
    flash(
        _(
            "We hebben een uitnodiging gestuurd naar %(email)s. De link werkt 14 dagen.",
            email=invitation.email,
        ),
        "success",
    )
    return redirect(url_for("organisations.manage", organisation_id=organisation.id))


@bp.post("/<int:organisation_id>/uitnodigingen/<int:invitation_id>/intrekken")
@login_required
def revoke_invitation(organisation_id: int, invitation_id: int) -> WerkzeugResponse:
    organisation = _coordinated_or_error(organisation_id)
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.organisation_id != organisation.id:
        abort(404)
    try:
        services.revoke_invitation(db.session, current_user, invitation)
    except InvitationInvalid:
        flash(_("Deze uitnodiging is al gebruikt of ingetrokken."), "info")
    else:
        db.session.commit()
        flash(_("De uitnodiging voor %(email)s is ingetrokken.", email=invitation.email), "success")
    return redirect(url_for("organisations.manage", organisation_id=organisation.id))


@bp.post("/<int:organisation_id>/medewerkers/<int:user_id>/rol")
@login_required
def change_role(organisation_id: int, user_id: int) -> WerkzeugResponse:
    organisation = _coordinated_or_error(organisation_id)
    user = db.get_or_404(User, user_id)
    form = ChangeRoleForm()
    if not form.validate_on_submit():
        flash(_("Kies medewerker of coördinator."), "error")
        return redirect(url_for("organisations.manage", organisation_id=organisation.id))
    try:
        services.change_role(db.session, current_user, organisation, user, form.role.data)
    except NotStaff:
        abort(404)
    except LastCoordinator:
        flash(
            _(
                "U kunt de laatste coördinator niet veranderen. "
                "Maak eerst iemand anders coördinator."
            ),
            "error",
        )
    else:
        db.session.commit()
        flash(_("De rol van %(name)s is aangepast.", name=user.display_name), "success")
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


def _invitation_problem(error: Exception) -> tuple[str, int]:
    expired = isinstance(error, InvitationExpired)
    return render_template("organisations/invitation_invalid.html", expired=expired), (
        410 if expired else 404
    )


@bp.route("/uitnodiging/<token>", methods=["GET", "POST"])
def invitation(token: str) -> Any:
    try:
        found = services.invitation_for_token(db.session, token)
    except (InvitationInvalid, InvitationExpired) as error:
        return _invitation_problem(error)
    if request.method == "GET" or not current_user.is_authenticated:
        return render_template(
            "organisations/invitation.html",
            invitation=found,
            wrong_account=(
                current_user.is_authenticated and current_user.email.lower() != found.email.lower()
            ),
            next_path=services.invitation_path(token),
        )
    try:
        membership = services.accept_invitation(db.session, current_user, token)
    except (InvitationInvalid, InvitationExpired) as error:
        return _invitation_problem(error)
    except InvitationForOtherAccount:
        abort(403)
    except AlreadyStaff:
        flash(_("U werkt al voor %(name)s.", name=found.organisation.name), "info")
        return redirect(url_for("organisations.manage", organisation_id=found.organisation_id))
    db.session.commit()
    flash(_("Welkom bij %(name)s. U werkt nu mee.", name=membership.organisation.name), "success")
    return redirect(url_for("organisations.manage", organisation_id=membership.organisation_id))


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
    form = VacancyWithDetailsForm(postcode=profile.postcode if profile else None)
    form.set_categories(active_categories(db.session), str(get_locale() or "nl"))
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return _render_new_vacancy(organisation, form, status)
    try:
        pipeline.create_vacancy(
            db.session,
            current_user,
            organisation,
            form.posting_data(PostingKind.VACANCY),
            form.details_data(),
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


def _render_new_vacancy(
    organisation: Organisation, form: VacancyWithDetailsForm, status: int
) -> Any:
    return render_template(
        "organisations/new_vacancy.html",
        organisation=organisation,
        form=form,
        day_labels=[DAY_LABELS[day] for day in DAYS],
        part_labels=[PART_LABELS[part] for part in PARTS],
    ), status


def _vacancy_or_404(posting_id: int) -> Posting:
    posting = services.vacancy_for_staff(db.session, posting_id, current_user)
    if posting is None:
        abort(404)
    return posting


@bp.route("/vacatures/<int:posting_id>/gegevens", methods=["GET", "POST"])
@login_required
def edit_vacancy(posting_id: int) -> Any:
    posting = _vacancy_or_404(posting_id)
    form = VacancyDetailsForm()
    details = pipeline.vacancy_details(db.session, posting)
    if not form.is_submitted() and details is not None:
        form.fill_details(details)
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template(
            "organisations/edit_vacancy.html",
            posting=posting,
            form=form,
            can_edit_text=is_manager(db.session, current_user, posting),
        ), status
    pipeline.update_vacancy_details(db.session, current_user, posting, form.details_data())
    db.session.commit()
    flash(_("De gegevens van de vacature zijn opgeslagen."), "success")
    return redirect(url_for("organisations.applicants", posting_id=posting.id))


# --- the applicant pipeline ------------------------------------------------------------


def _status_filter() -> str | None:
    status = request.args.get("status", "")
    return status if status in pipeline.STATUS_LABELS else None


@bp.get("/vacatures/<int:posting_id>/aanmeldingen")
@login_required
def applicants(posting_id: int) -> str:
    posting = _vacancy_or_404(posting_id)
    pipeline.ensure_applications(db.session, posting)
    db.session.commit()
    status = _status_filter()
    return render_template(
        "organisations/applicants.html",
        posting=posting,
        page=paginate(pipeline.applications_query(posting, status)),
        status=status,
        status_labels=pipeline.STATUS_LABELS,
        board_order=[str(s) for s in pipeline.BOARD_ORDER],
    )


@bp.get("/vacatures/<int:posting_id>/bord")
@login_required
def board(posting_id: int) -> str:
    posting = _vacancy_or_404(posting_id)
    pipeline.ensure_applications(db.session, posting)
    db.session.commit()
    columns = pipeline.board(db.session, posting)
    return render_template(
        "organisations/board.html",
        posting=posting,
        columns=columns,
        status_labels=pipeline.STATUS_LABELS,
        moves={
            application.id: pipeline.allowed_moves(application)
            for column in columns
            for application in column.applications
        },
    )


def _application_or_404(application_id: int) -> Application:
    application = pipeline.application_for_staff(db.session, application_id, current_user)
    if application is None:
        abort(404)
    return application


def _render_application(
    application: Application,
    note_form: NoteForm | None = None,
    hours_form: HoursForm | None = None,
    reference_form: ReferenceForm | None = None,
    status: int = 200,
) -> Any:
    reference = pipeline.reference_for(db.session, application)
    if reference_form is None:
        reference_form = ReferenceForm(formdata=None, body=reference.body if reference else None)
    return render_template(
        "organisations/application.html",
        application=application,
        response=application.response,
        posting=application.response.posting,
        notes=pipeline.notes_for_staff(db.session, current_user, application),
        moves=pipeline.allowed_moves(application),
        status_labels=pipeline.STATUS_LABELS,
        move_form=MoveApplicationForm(formdata=None),
        note_form=note_form or NoteForm(formdata=None),
        hours=pipeline.hours_for(db.session, application),
        hours_form=hours_form or HoursForm(formdata=None),
        reference=reference,
        reference_form=reference_form,
        is_placed=application.status == "placed",
    ), status


@bp.get("/aanmeldingen/<int:application_id>")
@login_required
def application(application_id: int) -> Any:
    return _render_application(_application_or_404(application_id))


_BACK = {"bord": "organisations.board", "lijst": "organisations.applicants"}


@bp.post("/aanmeldingen/<int:application_id>/status")
@login_required
def move_application(application_id: int) -> WerkzeugResponse:
    application = _application_or_404(application_id)
    form = MoveApplicationForm()
    back = request.form.get("back", "")
    if back in _BACK:
        target = url_for(_BACK[back], posting_id=application.response.posting_id)
    else:
        target = url_for("organisations.application", application_id=application.id)
    if not form.validate_on_submit():
        flash(_("Kies waar de aanmelding heen moet."), "error")
        return redirect(target)
    try:
        pipeline.move_application(db.session, current_user, application, form.status.data)
    except TransitionNotAllowed:
        flash(
            _("Deze stap kan niet vanaf hier. Kies een van de knoppen bij de aanmelding."), "error"
        )
        return redirect(target)
    db.session.commit()
    flash(
        _(
            "%(name)s staat nu bij „%(status)s”. We hebben het de vrijwilliger laten weten.",
            name=application.response.responder.display_name,
            status=pipeline.STATUS_LABELS[pipeline.ApplicationStatus(application.status)],
        ),
        "success",
    )
    return redirect(target)


@bp.post("/aanmeldingen/<int:application_id>/notities")
@login_required
def add_note(application_id: int) -> Any:
    application = _application_or_404(application_id)
    form = NoteForm()
    if not form.validate_on_submit():
        return _render_application(application, note_form=form, status=422)
    pipeline.add_note(db.session, current_user, application, form.body.data)
    db.session.commit()
    flash(_("Uw notitie is opgeslagen. Alleen medewerkers zien haar."), "success")
    return redirect(url_for("organisations.application", application_id=application.id))


@bp.post("/aanmeldingen/<int:application_id>/uren")
@login_required
def record_hours(application_id: int) -> Any:
    application = _application_or_404(application_id)
    form = HoursForm()
    if not form.validate_on_submit() or form.worked_on.data is None:
        return _render_application(application, hours_form=form, status=422)
    try:
        pipeline.record_hours(
            db.session,
            current_user,
            application,
            form.worked_on.data,
            form.hours.data,
            form.note.data,
        )
    except NotPlaced:
        flash(_("U kunt alleen uren schrijven voor vrijwilligers die geplaatst zijn."), "error")
        return redirect(url_for("organisations.application", application_id=application.id))
    db.session.commit()
    flash(_("De uren zijn opgeslagen."), "success")
    return redirect(url_for("organisations.application", application_id=application.id))


@bp.post("/aanmeldingen/<int:application_id>/referentie")
@login_required
def write_reference(application_id: int) -> Any:
    application = _application_or_404(application_id)
    form = ReferenceForm()
    if not form.validate_on_submit():
        return _render_application(application, reference_form=form, status=422)
    try:
        pipeline.write_reference(db.session, current_user, application, form.body.data)
    except NotPlaced:
        flash(_("U kunt alleen een referentie schrijven voor geplaatste vrijwilligers."), "error")
        return redirect(url_for("organisations.application", application_id=application.id))
    db.session.commit()
    flash(
        _(
            "De referentie is opgeslagen. De vrijwilliger kiest zelf of die op het profiel "
            "komt te staan."
        ),
        "success",
    )
    return redirect(url_for("organisations.application", application_id=application.id))


@bp.get("/<int:organisation_id>/aanmeldingen.csv")
@login_required
def export(organisation_id: int) -> Any:
    organisation = _manageable_or_404(organisation_id)
    try:
        text = pipeline.export_csv(db.session, current_user, organisation)
    except PermissionDenied:
        abort(403)  # an admin who does not work here
    db.session.commit()  # applications made for older responses
    response = make_response(text.encode("utf-8"))
    response.headers["Content-Type"] = "text/csv; charset=utf-8"
    response.headers["Content-Disposition"] = (
        f'attachment; filename="aanmeldingen-{organisation.slug}.csv"'
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/<int:organisation_id>/vrijwilligers")
@login_required
def volunteers(organisation_id: int) -> str:
    organisation = _manageable_or_404(organisation_id)
    if not services.is_staff(db.session, current_user, organisation):
        abort(403)
    return render_template(
        "organisations/volunteers.html",
        organisation=organisation,
        volunteers=pipeline.placed_volunteers(db.session, organisation),
    )


# --- the volunteer's own applications --------------------------------------------------


@bp.get("/mijn-aanmeldingen")
@login_required
def my_applications() -> str:
    entries = pipeline.my_applications(db.session, current_user)
    db.session.commit()  # applications made for older responses
    return render_template(
        "organisations/my_applications.html",
        entries=entries,
    )


def _own_application_or_404(application_id: int) -> Application:
    application = pipeline.own_application(db.session, current_user, application_id)
    if application is None:
        abort(404)
    return application


@bp.post("/mijn-aanmeldingen/<int:application_id>/intrekken")
@login_required
def withdraw(application_id: int) -> WerkzeugResponse:
    application = _own_application_or_404(application_id)
    try:
        pipeline.withdraw_application(db.session, current_user, application)
    except TransitionNotAllowed:
        flash(_("Deze aanmelding is al afgerond. Intrekken kan niet meer."), "info")
    else:
        db.session.commit()
        flash(_("U heeft uw aanmelding ingetrokken."), "success")
    return redirect(url_for("organisations.my_applications"))


@bp.post("/mijn-aanmeldingen/<int:application_id>/referentie")
@login_required
def show_reference(application_id: int) -> WerkzeugResponse:
    application = _own_application_or_404(application_id)
    reference = db.session.scalar(
        db.select(Reference).where(Reference.application_id == application.id)
    )
    if reference is None:
        abort(404)
    form = ShowReferenceForm()
    if not form.validate_on_submit():
        flash(_("Kies tonen of verbergen."), "error")
        return redirect(url_for("organisations.my_applications"))
    shown = form.show.data == "ja"
    pipeline.set_reference_shown(db.session, current_user, reference, shown)
    db.session.commit()
    flash(
        _("De referentie staat nu op uw profiel.")
        if shown
        else _("De referentie staat niet meer op uw profiel."),
        "success",
    )
    return redirect(url_for("organisations.my_applications"))
