"""Organisation staff keep their services right; moderators publish new ones; admins keep
the taxonomy. All behind a log-in; other organisations' services are 404."""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms import SelectChoice

from marketplace.accounts.memberships import Organisation
from marketplace.accounts.models import Role
from marketplace.accounts.permissions import role_required
from marketplace.errors import attempt, form_page, success_redirect
from marketplace.extensions import db
from marketplace.form_fields import show_beside_field
from marketplace.permissions import staff_organisations
from marketplace.sociale_kaart import upkeep
from marketplace.sociale_kaart.errors import BadTermMove, InvalidService, NotPending, TermInUse
from marketplace.sociale_kaart.forms import (
    DeleteTermForm,
    EmptyForm,
    RenameTermForm,
    ServiceForm,
    TermForm,
)
from marketplace.sociale_kaart.labels import term_label
from marketplace.sociale_kaart.models import Service, TaxonomyTerm, Vocabulary
from marketplace.sociale_kaart.services import possibly_outdated
from marketplace.sociale_kaart.views.blueprint import bp
from marketplace.timestamps import local_today


def _my_organisations() -> list[Organisation]:
    return staff_organisations(db.session, current_user)


def _service_form(**kwargs: Any) -> ServiceForm:
    form = ServiceForm(**kwargs)
    terms = db.session.scalars(select(TaxonomyTerm).order_by(TaxonomyTerm.name)).all()
    form.problems.choices = [
        SelectChoice(term.id, term_label(term))
        for term in terms
        if term.taxonomy == Vocabulary.PROBLEM
    ]
    form.groups.choices = [
        SelectChoice(term.id, term_label(term))
        for term in terms
        if term.taxonomy == Vocabulary.TARGET_GROUP
    ]
    return form


def _own(service_id: str) -> Service:
    service = db.session.get(Service, service_id)
    if service is None or not upkeep.editable_by(db.session, current_user, service):
        abort(404)
    return service


@bp.get("/sociale-kaart/mijn-diensten")
@login_required
def mine() -> str:
    return render_template(
        "sociale_kaart/mine.html",
        services=upkeep.own_services(db.session, current_user),
        organisations=_my_organisations(),
        today=local_today(),
        possibly_outdated=possibly_outdated,
        form=EmptyForm(),
    )


@bp.route("/sociale-kaart/organisatie/<int:organisation_id>/nieuwe-dienst", methods=["GET", "POST"])
@login_required
def new_service(organisation_id: int) -> Any:
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or organisation not in _my_organisations():
        abort(404)
    form = _service_form()
    if form.validate_on_submit():
        try:
            upkeep.create_service(
                db.session, current_user, organisation, form.data_for_service(), local_today()
            )
        except InvalidService as error:
            show_beside_field(form, error.field, error.message)
        else:
            return success_redirect(
                _("Dank u. Een moderator kijkt de dienst na; daarna staat hij op de kaart."),
                url_for("sociale_kaart.mine"),
            )
    return form_page("sociale_kaart/edit.html", form, organisation=organisation, service=None)


@bp.route("/sociale-kaart/mijn-diensten/<service_id>/wijzigen", methods=["GET", "POST"])
@login_required
def edit_service(service_id: str) -> Any:
    service = _own(service_id)
    form = _service_form()
    if request.method == "GET":
        form.fill_from(service)
    if form.validate_on_submit():
        try:
            upkeep.update_service(
                db.session, current_user, service, form.data_for_service(), local_today()
            )
        except InvalidService as error:
            show_beside_field(form, error.field, error.message)
        else:
            return success_redirect(_("De dienst is bijgewerkt."), url_for("sociale_kaart.mine"))
    return form_page("sociale_kaart/edit.html", form, organisation=None, service=service)


@bp.route("/sociale-kaart/mijn-diensten/<service_id>/bevestigen", methods=["GET", "POST"])
@login_required
def confirm(service_id: str) -> Any:
    """The page the reminder links to: one button, "Klopt nog"."""
    service = _own(service_id)
    form = EmptyForm()
    if form.validate_on_submit():
        upkeep.confirm_service(db.session, current_user, service, local_today())
        return success_redirect(
            _("Dank u. Bij de dienst staat nu: gecontroleerd op vandaag."),
            url_for("sociale_kaart.mine"),
        )
    return render_template("sociale_kaart/confirm.html", service=service, form=form)


@bp.get("/sociale-kaart/moderatie")
@role_required(Role.MODERATOR, Role.ADMIN)
def moderation() -> str:
    return render_template(
        "sociale_kaart/moderation.html",
        services=upkeep.pending_services(db.session),
        form=EmptyForm(),
    )


@bp.post("/sociale-kaart/moderatie/<service_id>")
@role_required(Role.MODERATOR, Role.ADMIN)
def decide(service_id: str) -> Any:
    service = db.session.get(Service, service_id)
    if service is None or not EmptyForm().validate_on_submit():
        abort(404)
    approve = request.form.get("decision") == "approve"
    attempt(
        lambda: upkeep.decide(db.session, current_user, service, approve),
        _("De dienst staat op de kaart.") if approve else _("De dienst is afgewezen."),
        {NotPending: "error"},
    )
    return redirect(url_for("sociale_kaart.moderation"))


@bp.route("/sociale-kaart/beheer/soorten", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def taxonomy() -> Any:
    form = TermForm()
    if form.validate_on_submit():
        upkeep.add_term(db.session, form.name.data, form.name_en.data or "", form.taxonomy.data)
        return success_redirect(_("Toegevoegd."), url_for("sociale_kaart.taxonomy"))
    terms = db.session.scalars(
        select(TaxonomyTerm).order_by(TaxonomyTerm.taxonomy, TaxonomyTerm.name)
    ).all()
    return form_page("sociale_kaart/taxonomy.html", form, terms=terms)


def _delete_form(term: TaxonomyTerm) -> DeleteTermForm:
    form = DeleteTermForm(prefix="delete")
    others = db.session.scalars(
        select(TaxonomyTerm)
        .where(TaxonomyTerm.taxonomy == term.taxonomy, TaxonomyTerm.id != term.id)
        .order_by(TaxonomyTerm.name, TaxonomyTerm.id)
    )
    form.move_to.choices = [SelectChoice("", _("Niet verplaatsen"))] + [
        SelectChoice(other.id, term_label(other)) for other in others
    ]
    return form


def _term_page(term: TaxonomyTerm, rename: RenameTermForm, remove: DeleteTermForm) -> Any:
    refused = rename.errors or remove.errors
    return render_template(
        "sociale_kaart/term.html",
        term=term,
        form=rename,
        delete_form=remove,
        used=upkeep.services_using(db.session, term),
    ), (422 if refused else 200)


@bp.route("/sociale-kaart/beheer/soorten/<term_id>", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def term(term_id: str) -> Any:
    """Rename a kind of problem or target group."""
    found = db.get_or_404(TaxonomyTerm, term_id)
    form = RenameTermForm(obj=found)
    if form.validate_on_submit():
        upkeep.rename_term(db.session, found, form.name.data, form.name_en.data or "")
        return success_redirect(_("De naam is gewijzigd."), url_for("sociale_kaart.taxonomy"))
    return _term_page(found, form, _delete_form(found))


@bp.post("/sociale-kaart/beheer/soorten/<term_id>/verwijderen")
@role_required(Role.ADMIN)
def delete_term(term_id: str) -> Any:
    """Delete a term: refused while services use it, unless they move to another."""
    found = db.get_or_404(TaxonomyTerm, term_id)
    form = _delete_form(found)
    if form.validate_on_submit():
        chosen = form.move_to.data or ""
        move_to = db.session.get(TaxonomyTerm, chosen) if chosen else None
        try:
            if chosen and move_to is None:
                raise BadTermMove()
            moved = upkeep.delete_term(db.session, found, move_to)
        except (TermInUse, BadTermMove) as error:
            form.move_to.errors = [str(error.message)]
        else:
            return success_redirect(
                _("Verwijderd. %(num)s diensten zijn verplaatst.", num=moved)
                if moved
                else _("Verwijderd."),
                url_for("sociale_kaart.taxonomy"),
            )
    return _term_page(found, RenameTermForm(obj=found), form)
