"""Administration: find people and give or take away their roles (admins only)."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace.accounts import two_factor
from marketplace.accounts.errors import CannotRevokeOwnAdmin
from marketplace.accounts.models import Role, User
from marketplace.accounts.permissions import role_required
from marketplace.accounts.services import end_sessions_by_admin
from marketplace.accounts.services import grant_role as grant_role_to
from marketplace.accounts.services import revoke_role as revoke_role_from
from marketplace.accounts.sessions import count_sessions
from marketplace.admin.forms import ROLE_LABELS, ResetTwoFactorForm, RoleForm, UserSearchForm
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


def _user_page(
    person: User, grant_form: RoleForm, reset_form: ResetTwoFactorForm | None = None
) -> str:
    return render_template(
        "admin/user.html",
        person=person,
        grant_form=grant_form,
        reset_form=reset_form or ResetTwoFactorForm(),
        two_factor_enabled=two_factor.is_enabled(db.session, person),
        session_count=count_sessions(db.session, person),
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
    return _change_role(
        user_id,
        grant_role_to,
        lambda name: _("De rol is gegeven aan %(name)s.", name=name),
        lambda name: _("%(name)s had deze rol al.", name=name),
    )


@bp.post("/gebruikers/<int:user_id>/rollen/intrekken")
@role_required(Role.ADMIN)
def revoke_role(user_id: int) -> str | tuple[str, int] | WerkzeugResponse:
    return _change_role(
        user_id,
        revoke_role_from,
        lambda name: _("De rol is ingetrokken bij %(name)s.", name=name),
        lambda name: _("%(name)s had deze rol niet.", name=name),
    )


def _change_role(
    user_id: int,
    change: Callable[[Session, User, User, str], bool],
    done: Callable[[str], str],
    unchanged: Callable[[str], str],
) -> str | tuple[str, int] | WerkzeugResponse:
    """Grant or revoke: ``change`` says whether anything changed (the person may have had
    the role, or not); back to the person's page."""
    person = db.get_or_404(User, user_id)
    form = RoleForm()
    if not form.validate_on_submit():
        return _user_page(person, form), 422
    try:
        changed = change(db.session, current_user._get_current_object(), person, form.role.data)
    except CannotRevokeOwnAdmin:
        flash(
            _("U kunt uw eigen beheerdersrol niet intrekken. Vraag dit aan een andere beheerder."),
            "error",
        )
        return redirect(url_for("admin.user", user_id=person.id))
    if changed:
        db.session.commit()
    flash((done if changed else unchanged)(person.display_name), "info")
    return redirect(url_for("admin.user", user_id=person.id))


@bp.post("/gebruikers/<int:user_id>/tweestapsverificatie/opnieuw")
@role_required(Role.ADMIN)
def reset_two_factor(user_id: int) -> str | tuple[str, int] | WerkzeugResponse:
    person = db.get_or_404(User, user_id)
    form = ResetTwoFactorForm()
    if not form.validate_on_submit():
        return _user_page(person, RoleForm(), form), 422
    try:
        two_factor.reset_by_admin(
            db.session, current_user._get_current_object(), person, form.reason.data
        )
    except two_factor.NotEnabled:
        flash(_("%(name)s heeft geen tweestapsverificatie aan.", name=person.display_name), "info")
    else:
        db.session.commit()
        flash(
            _(
                "De tweestapsverificatie van %(name)s staat uit en alle sessies zijn beëindigd. "
                "Bij de volgende keer inloggen stelt deze persoon het opnieuw in.",
                name=person.display_name,
            ),
            "info",
        )
    return redirect(url_for("admin.user", user_id=person.id))


@bp.post("/gebruikers/<int:user_id>/overal-uitloggen")
@role_required(Role.ADMIN)
def end_sessions(user_id: int) -> WerkzeugResponse:
    """Log someone out on every device (audited): after a lost phone or a suspected
    takeover. CSRFProtect has checked the form's token."""
    person = db.get_or_404(User, user_id)
    ended = end_sessions_by_admin(db.session, current_user._get_current_object(), person)
    db.session.commit()
    flash(
        _(
            "%(name)s is overal uitgelogd. Beëindigde sessies: %(n)s.",
            name=person.display_name,
            n=ended,
        ),
        "info",
    )
    return redirect(url_for("admin.user", user_id=person.id))
