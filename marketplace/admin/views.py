"""Administration: find people and give or take away their roles (admins only)."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace.accounts.errors import CannotRevokeOwnAdmin
from marketplace.accounts.models import Role, User
from marketplace.accounts.permissions import role_required
from marketplace.accounts.services import grant_role as grant_role_to
from marketplace.accounts.services import revoke_role as revoke_role_from
from marketplace.admin.forms import ROLE_LABELS, RoleForm, UserSearchForm
from marketplace.admin.services import users_matching
from marketplace.extensions import db
from marketplace.pagination import paginate

bp = Blueprint("admin", __name__, url_prefix="/beheer")


@bp.get("/gebruikers")
@role_required(Role.ADMIN)
def users() -> str:
    form = UserSearchForm(request.args)
    search = form.q.data if form.validate() else None  # too long: say so, show everyone
    page = paginate(users_matching(search))
    return render_template(
        "admin/users.html", form=form, search=search, page=page, role_labels=ROLE_LABELS
    )


def _user_page(person: User, grant_form: RoleForm) -> str:
    return render_template(
        "admin/user.html",
        person=person,
        grant_form=grant_form,
        role_labels=ROLE_LABELS,
        is_self=person.id == current_user.id,
    )


@bp.get("/gebruikers/<int:user_id>")
@role_required(Role.ADMIN)
def user(user_id: int) -> str:
    return _user_page(db.get_or_404(User, user_id), RoleForm())


@bp.post("/gebruikers/<int:user_id>/rollen/toekennen")
@role_required(Role.ADMIN)
def grant_role(user_id: int) -> str | tuple[str, int] | WerkzeugResponse:
    person = db.get_or_404(User, user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        return _user_page(person, form), 422
    if grant_role_to(db.session, current_user._get_current_object(), person, form.role.data):
        db.session.commit()
        flash(_("De rol is gegeven aan %(name)s.", name=person.display_name), "info")
    else:
        flash(_("%(name)s had deze rol al.", name=person.display_name), "info")
    return redirect(url_for("admin.user", user_id=person.id))


@bp.post("/gebruikers/<int:user_id>/rollen/intrekken")
@role_required(Role.ADMIN)
def revoke_role(user_id: int) -> str | tuple[str, int] | WerkzeugResponse:
    person = db.get_or_404(User, user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        return _user_page(person, form), 422
    try:
        changed = revoke_role_from(
            db.session, current_user._get_current_object(), person, form.role.data
        )
    except CannotRevokeOwnAdmin:
        flash(
            _("U kunt uw eigen beheerdersrol niet intrekken. Vraag dit aan een andere beheerder."),
            "error",
        )
        return redirect(url_for("admin.user", user_id=person.id))
    if changed:
        db.session.commit()
        flash(_("De rol is ingetrokken bij %(name)s.", name=person.display_name), "info")
    else:
        flash(_("%(name)s had deze rol niet.", name=person.display_name), "info")
    return redirect(url_for("admin.user", user_id=person.id))
