"""Pages for home-visit rounds: the coordinator's rounds, address lists, planning, visitors
and letters; the visitor's own round on her phone; a visit's report for staff.

Addresses and reports are for the responsible organisation's staff only (and the visitor,
for her own visits): everyone else gets 404. Each look at a report is in the security log.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, current_app, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace.errors import PageResult, attempt, form_page, success_redirect
from marketplace.extensions import db
from marketplace.form_fields import show_beside_field
from marketplace.home_visits import access, loneliness, residents
from marketplace.home_visits.errors import (
    InvalidAddressList,
    InvalidQualification,
    NothingToPlan,
    NoVisitors,
    VisitClosed,
)
from marketplace.home_visits.forms import (
    RESULT_LABELS,
    STATUS_LABELS,
    WISH_LABELS,
    AddressListForm,
    EndRoundForm,
    EraseForm,
    PlanForm,
    QualificationForm,
    ResultForm,
    RoundForm,
)
from marketplace.home_visits.letters import letters_page, round_visits
from marketplace.home_visits.models import VisitRound, VisitStatus
from marketplace.home_visits.planning import plan_round
from marketplace.home_visits.progress import progress_by_wijk
from marketplace.home_visits.rounds import (
    address_count,
    create_round,
    end_round,
    import_addresses,
    rounds_of,
)
from marketplace.home_visits.visitors import qualifications_of, record_qualification
from marketplace.home_visits.visits import record_result, visits_for_visitor
from marketplace.pagination import page_number, paginate
from marketplace.security_log import log_security_event
from marketplace.timestamps import local_today

bp = Blueprint("home_visits", __name__, url_prefix="/huisbezoeken")


def _labels() -> dict[str, Any]:
    return {
        "status_labels": STATUS_LABELS,
        "wish_labels": WISH_LABELS,
        "result_labels": RESULT_LABELS,
    }


# -- the coordinator's rounds ------------------------------------------------------------------


@bp.route("/organisatie/<int:organisation_id>", methods=["GET", "POST"])
@login_required
def rounds(organisation_id: int) -> PageResult:
    organisation = access.coordinated_organisation(db.session, current_user, organisation_id)
    form = RoundForm(year=local_today().year)
    if form.validate_on_submit():
        created = create_round(
            db.session,
            current_user,
            organisation,
            name=form.name.data,
            wijk=form.wijk.data,
            year=form.year.data,
        )
        return success_redirect(
            _("De ronde is gemaakt. Lees nu de adressenlijst in."),
            url_for("home_visits.upload", round_id=created.id),
        )
    return form_page(
        "home_visits/rounds.html",
        form,
        organisation=organisation,
        rounds=rounds_of(db.session, organisation),
        progress=progress_by_wijk(db.session, organisation.id),
        **_labels(),
    )


def _render_round(visit_round: VisitRound, plan_form: PlanForm) -> str:
    """The round with one page of its visits (addresses shown: the read is logged)."""
    page = paginate(round_visits(visit_round))
    log_security_event(
        "home_visit.round_read",
        user_id=current_user.id,
        round_id=visit_round.id,
        visit_ids=[visit.id for visit in page.items],
    )
    progress = progress_by_wijk(db.session, round_id=visit_round.id)
    return render_template(
        "home_visits/round.html",
        visit_round=visit_round,
        addresses=address_count(db.session, visit_round),
        progress=progress[0] if progress else None,
        page=page,
        plan_form=plan_form,
        end_form=EndRoundForm(),
        retention_months=current_app.config["HOME_VISIT_RETENTION_MONTHS"],
        **_labels(),
    )


@bp.get("/ronde/<int:round_id>")
@login_required
def round_page(round_id: int) -> str:
    visit_round = access.coordinated_round(db.session, current_user, round_id)
    return _render_round(visit_round, PlanForm(starts_on=visit_round.starts_on or local_today()))


@bp.route("/ronde/<int:round_id>/adressen", methods=["GET", "POST"])
@login_required
def upload(round_id: int) -> PageResult:
    visit_round = access.coordinated_round(db.session, current_user, round_id)
    form = AddressListForm()
    bad_rows: list[Any] = []
    if form.validate_on_submit():
        try:
            result = import_addresses(db.session, visit_round, form.addresses.data.read())
        except InvalidAddressList as error:
            bad_rows = error.rows
            form.addresses.errors = [error.problem or str(InvalidAddressList.message)]
        else:
            log_security_event(
                "home_visit.addresses_imported",
                user_id=current_user.id,
                round_id=visit_round.id,
                added=result.added,
            )
            return success_redirect(
                _(
                    "%(added)s adressen ingelezen; %(already)s stonden er al.",
                    added=result.added,
                    already=result.already_there,
                ),
                url_for("home_visits.round_page", round_id=visit_round.id),
            )
    return form_page("home_visits/upload.html", form, visit_round=visit_round, bad_rows=bad_rows)


@bp.post("/ronde/<int:round_id>/plannen")
@login_required
def plan(round_id: int) -> PageResult:
    visit_round = access.coordinated_round(db.session, current_user, round_id)
    form = PlanForm()
    if not form.validate_on_submit():
        return _render_round(visit_round, form), 422
    outcome: list[Any] = []

    def _plan() -> None:
        outcome.append(
            plan_round(db.session, visit_round, form.first_day, form.max_per_visitor.data)
        )

    def _message() -> str:
        result = outcome[0]
        text = _(
            "%(planned)s bezoeken gepland over %(visitors)s bezoekers (hooguit %(most)s elk).",
            planned=result.planned,
            visitors=result.visitors,
            most=result.most_per_visitor,
        )
        if result.not_planned:
            text += " " + _(
                "%(count)s adressen konden niet worden gepland: niemand woont dichtbij genoeg "
                "en heeft nog plek en tijd.",
                count=result.not_planned,
            )
        return text

    attempt(_plan, _message, {NothingToPlan: "info", NoVisitors: "error"})
    return redirect(url_for("home_visits.round_page", round_id=visit_round.id))


@bp.post("/ronde/<int:round_id>/afsluiten")
@login_required
def end(round_id: int) -> WerkzeugResponse:
    visit_round = access.coordinated_round(db.session, current_user, round_id)
    if EndRoundForm().validate_on_submit():
        end_round(db.session, visit_round, local_today())
        return success_redirect(
            _("De ronde is afgesloten."),
            url_for("home_visits.round_page", round_id=visit_round.id),
        )
    return redirect(url_for("home_visits.round_page", round_id=visit_round.id))


@bp.get("/ronde/<int:round_id>/brieven")
@login_required
def letters(round_id: int) -> str:
    visit_round = access.coordinated_round(db.session, current_user, round_id)
    page, letters_on_page = letters_page(visit_round, page_number())
    log_security_event(
        "home_visit.letters_read",
        user_id=current_user.id,
        round_id=visit_round.id,
        page=page.page,
    )
    return render_template(
        "home_visits/letters.html",
        visit_round=visit_round,
        organisation=visit_round.organisation,
        letters=letters_on_page,
        page=page,
    )


@bp.route("/organisatie/<int:organisation_id>/bezoekers", methods=["GET", "POST"])
@login_required
def visitors(organisation_id: int) -> PageResult:
    organisation = access.coordinated_organisation(db.session, current_user, organisation_id)
    form = QualificationForm()
    if form.validate_on_submit():
        try:
            record_qualification(
                db.session,
                current_user,
                organisation,
                email=form.email.data,
                **form.dates(),
            )
        except InvalidQualification as error:
            show_beside_field(form, error.field, error.message)
        else:
            return success_redirect(
                _("De VOG en de training zijn opgeslagen."),
                url_for("home_visits.visitors", organisation_id=organisation.id),
            )
    return form_page(
        "home_visits/visitors.html",
        form,
        organisation=organisation,
        qualifications=qualifications_of(db.session, organisation),
        today=local_today(),
    )


def _render_resident(visit_round: Any, address: Any, erase_form: EraseForm) -> str:
    found = residents.visit_of(db.session, address)
    report = found.report if found is not None else None
    return render_template(
        "home_visits/resident.html",
        visit_round=visit_round,
        address=address,
        visit=found,
        report=report,
        answers=loneliness.decode(report.scale_answers if report else None),
        items=loneliness.ITEMS,
        answer_labels=loneliness.ANSWER_LABELS,
        erase_form=erase_form,
        retention_months=current_app.config["HOME_VISIT_RETENTION_MONTHS"],
        **_labels(),
    )


@bp.get("/ronde/<int:round_id>/adres/<int:address_id>")
@login_required
def resident(round_id: int, address_id: int) -> str:
    """Everything the organisation keeps about one resident, to print for her (or to erase
    at her request)."""
    visit_round = access.coordinated_round(db.session, current_user, round_id)
    address = residents.round_address(db.session, visit_round, address_id)
    log_security_event(
        "home_visit.resident_read",
        user_id=current_user.id,
        round_id=visit_round.id,
        address_id=address.id,
    )
    return _render_resident(visit_round, address, EraseForm())


@bp.post("/ronde/<int:round_id>/adres/<int:address_id>/wissen")
@login_required
def erase_resident(round_id: int, address_id: int) -> PageResult:
    visit_round = access.coordinated_round(db.session, current_user, round_id)
    address = residents.round_address(db.session, visit_round, address_id)
    form = EraseForm()
    if not form.validate_on_submit():
        return _render_resident(visit_round, address, form), 422
    residents.erase_resident(db.session, address)
    log_security_event(
        "home_visit.resident_erased",
        user_id=current_user.id,
        round_id=visit_round.id,
        address_id=address_id,
    )
    return success_redirect(
        _("De gegevens van de bewoner zijn gewist. Het bezoek telt alleen nog mee als aantal."),
        url_for("home_visits.round_page", round_id=visit_round.id),
    )


# -- the visitor's round -----------------------------------------------------------------------


@bp.get("/mijn-bezoeken")
@login_required
def mine() -> str:
    visits = visits_for_visitor(db.session, current_user)
    log_security_event(
        "home_visit.list_read", user_id=current_user.id, visit_ids=[v.id for v in visits]
    )
    return render_template("home_visits/mine.html", visits=visits, **_labels())


@bp.route("/bezoek/<int:visit_id>", methods=["GET", "POST"])
@login_required
def visit(visit_id: int) -> PageResult:
    found = access.visible_visit(db.session, current_user, visit_id)
    form = ResultForm()
    if form.validate_on_submit():
        try:
            record_result(
                db.session,
                current_user,
                found,
                VisitStatus(form.result.data),
                form.report_data(),
            )
        except VisitClosed as error:
            form.form_errors.append(str(error.message))
        else:
            log_security_event("home_visit.recorded", user_id=current_user.id, visit_id=found.id)
            return success_redirect(_("Opgeslagen. Dank u wel!"), url_for("home_visits.mine"))
    if not form.is_submitted():
        log_security_event("home_visit.read", user_id=current_user.id, visit_id=found.id)
    return form_page(
        "home_visits/visit.html",
        form,
        visit=found,
        closed=found.status not in (VisitStatus.PLANNED, VisitStatus.NOT_HOME),
        **_labels(),
    )


@bp.get("/bezoek/<int:visit_id>/verslag")
@login_required
def report(visit_id: int) -> str:
    """The report, for the organisation's staff only; from here each wish is one click from
    a request posted on the resident's behalf (intake, which is for staff too)."""
    found = access.staff_visit(db.session, current_user, visit_id)
    if found.report is None:
        access.not_found()
    log_security_event(
        "home_visit.report_read",
        user_id=current_user.id,
        visit_id=found.id,
        report_id=found.report.id,
    )
    return render_template(
        "home_visits/report.html",
        visit=found,
        report=found.report,
        answers=loneliness.decode(found.report.scale_answers),
        items=loneliness.ITEMS,
        answer_labels=loneliness.ANSWER_LABELS,
        **_labels(),
    )
