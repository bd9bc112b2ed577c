""" "Ik wil geen contact meer": blocking a person and the list to lift blocks again. On the
accounts blueprint (imported by ``views.py``); the rules are in ``accounts.blocks``."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace.accounts.blocks import block_person, blocks_of, check_may_block, unblock_person
from marketplace.accounts.forms import ButtonForm
from marketplace.accounts.views import bp
from marketplace.errors import PageResult, success_redirect
from marketplace.extensions import db


@bp.route("/profiel/<int:user_id>/geen-contact", methods=["GET", "POST"], endpoint="block_person")
@login_required
def block_person_page(user_id: int) -> PageResult:
    """Ask first (what happens, that the other is not told), then block."""
    name = check_may_block(db.session, current_user, user_id)  # CannotBlock: 404
    form = ButtonForm()
    if not form.validate_on_submit():
        return render_template("accounts/block_person.html", name=name, user_id=user_id, form=form)
    block_person(db.session, current_user, user_id)
    return success_redirect(
        _(
            "U heeft geen contact meer met %(name)s. %(name)s krijgt daar geen bericht over.",
            name=name,
        ),
        url_for("accounts.blocked_people"),
    )


@bp.get("/account/geen-contact")
@login_required
def blocked_people() -> str:
    return render_template(
        "accounts/blocked_people.html",
        blocks=blocks_of(db.session, current_user),
        form=ButtonForm(),
    )


@bp.post("/account/geen-contact/<int:user_id>/opheffen")
@login_required
def unblock(user_id: int) -> WerkzeugResponse:
    form = ButtonForm()
    if form.validate_on_submit() and unblock_person(db.session, current_user, user_id):
        db.session.commit()
        flash(_("U kunt weer contact hebben met deze persoon."), "success")
    return redirect(url_for("accounts.blocked_people"))
