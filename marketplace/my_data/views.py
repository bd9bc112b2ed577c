"""Mijn gegevens (see and download), Account verwijderen, and erasure on someone's behalf:
by an admin (a person who asked by phone or letter) and by organisation staff (a client)."""

from __future__ import annotations

import json

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask import Response as FlaskResponse
from flask_babel import gettext as _
from flask_login import current_user, login_required, logout_user

from marketplace.accounts.memberships import Organisation
from marketplace.accounts.models import Role, User
from marketplace.accounts.permissions import role_required
from marketplace.accounts.reauth import confirm_password, second_factor_confirmation_required
from marketplace.errors import PageResult, flash_refusal, form_page
from marketplace.extensions import db, limiter
from marketplace.i18n import current_language
from marketplace.intake.models import Client
from marketplace.intake.services import get_client, staff_organisation
from marketplace.my_data.erasure import erase_account_for, erase_client, erase_own_account
from marketplace.my_data.errors import MyDataError, WrongPassword
from marketplace.my_data.export import collect_my_data
from marketplace.my_data.forms import EraseAccountForm, EraseWithReasonForm
from marketplace.my_data.readable import readable_sections
from marketplace.security_log import log_security_event
from marketplace.timestamps import local_today, utcnow

bp = Blueprint("my_data", __name__)


ERASE_LIMIT = "5 per 15 minutes"


@bp.get("/mijn-gegevens")
@login_required
def overview() -> str:
    data = collect_my_data(db.session, current_user, current_language())
    log_security_event("data.export", user_id=current_user.id, format="page")
    return render_template("my_data/overview.html", sections=readable_sections(data))


@bp.get("/mijn-gegevens/download")
@login_required
def download() -> FlaskResponse:
    data = collect_my_data(db.session, current_user, current_language())
    data["exported_at"] = utcnow().isoformat()
    log_security_event("data.export", user_id=current_user.id, format="json")
    body = json.dumps(data, ensure_ascii=False, indent=2)
    filename = f"buurthulp-mijn-gegevens-{local_today(utcnow()).isoformat()}.json"
    response = FlaskResponse(body, mimetype="application/json")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def _per_account() -> str:
    return f"erase-account:{current_user.get_id()}"


@bp.route("/account/verwijderen", methods=["GET", "POST"])
@second_factor_confirmation_required
# The form checks a password: a stolen session must not become a way to guess it.
@limiter.limit(ERASE_LIMIT, key_func=_per_account, methods=["POST"])
def erase() -> PageResult:
    form = EraseAccountForm()
    if not form.validate_on_submit():
        return form_page("my_data/erase.html", form)
    try:
        user = current_user._get_current_object()
        erase_own_account(db.session, user, confirm_password(user, form.password.data))
    except WrongPassword as error:
        form.password.errors = [*form.password.errors, str(error.message)]
        return render_template("my_data/erase.html", form=form), 422
    except MyDataError as error:
        flash_refusal(error, "info")
        return redirect(url_for("pages.home"))
    db.session.commit()
    logout_user()  # the server-side sessions are gone already; this forgets the cookie
    flash(
        _(
            "Uw account is verwijderd. Uw gegevens zijn gewist. Bedankt dat u meedeed met "
            "Buurthulp."
        ),
        "info",
    )
    return redirect(url_for("pages.home"))


# -- an admin, for a person who asked by phone or letter ------------------------------------


def _admin_page(person: User, form: EraseWithReasonForm, status: int) -> tuple[str, int]:
    return render_template("my_data/admin_erase.html", person=person, form=form), status


@bp.route("/beheer/gebruikers/<int:user_id>/verwijderen", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def admin_erase(user_id: int) -> PageResult:
    person = db.get_or_404(User, user_id)
    if person.erased_at is not None or person.id == current_user.id:
        abort(404)
    form = EraseWithReasonForm()
    if not form.validate_on_submit():
        return _admin_page(person, form, 422 if form.is_submitted() else 200)
    try:
        erase_account_for(db.session, current_user._get_current_object(), person, form.reason.data)
    except MyDataError as error:
        form.reason.errors = [*form.reason.errors, str(error.message)]
        return _admin_page(person, form, 422)
    db.session.commit()
    flash(_("Het account is verwijderd en de gegevens zijn gewist."), "info")
    return redirect(url_for("admin.users"))


# -- organisation staff, for a client -------------------------------------------------------


def _staff_client(organisation_id: int, client_id: int) -> tuple[Organisation, Client]:
    organisation = staff_organisation(db.session, current_user, organisation_id)  # NotStaff: 403
    if organisation is None:
        abort(404)
    client = get_client(db.session, organisation, client_id)
    if client is None:
        abort(404)
    return organisation, client


@bp.route("/intake/<int:organisation_id>/clienten/<int:client_id>/wissen", methods=["GET", "POST"])
@login_required
def client_erase(organisation_id: int, client_id: int) -> PageResult:
    organisation, client = _staff_client(organisation_id, client_id)
    if request.method == "GET":  # the page shows the client's name (the erasure logs itself)
        log_security_event(
            "client.read",
            user_id=current_user.id,
            client_id=client.id,
            organisation_id=organisation.id,
            page="erase",
        )
    form = EraseWithReasonForm()
    if not form.validate_on_submit():
        return render_template(
            "my_data/client_erase.html", organisation=organisation, client=client, form=form
        ), (422 if form.is_submitted() else 200)
    erase_client(db.session, current_user, organisation, client, form.reason.data)
    db.session.commit()
    flash(_("De gegevens van de cliënt zijn gewist."), "info")
    return redirect(url_for("intake.clients", organisation_id=organisation.id))
