"""Which credential each kind of help needs: admins set the rules (``credential_rules``).
Changing one matches the open requests of that category again."""

from __future__ import annotations

from typing import Any

from flask import abort, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace.accounts.models import Role
from marketplace.accounts.permissions import role_required
from marketplace.categories import Category
from marketplace.errors import attempt, success_redirect
from marketplace.extensions import db
from marketplace.form_fields import show_beside_field
from marketplace.i18n import current_language
from marketplace.matchmaking import credentials
from marketplace.matchmaking.errors import InvalidInput, RuleNotFound
from marketplace.matchmaking.forms import ButtonForm, CredentialRuleForm
from marketplace.matchmaking.views.blueprint import bp


def _form() -> CredentialRuleForm:
    form = CredentialRuleForm()
    language = current_language()
    form.set_choices(
        [
            (category.id, category.name(language))
            for category in db.session.scalars(
                select(Category).where(Category.is_active.is_(True)).order_by(Category.position)
            )
        ]
    )
    return form


def _page(form: CredentialRuleForm, status: int = 200) -> Any:
    return (
        render_template(
            "matchmaking/rules.html",
            form=form,
            rules=credentials.rules(db.session),
            labels=credentials.KIND_LABELS,
            language=current_language(),
            button=ButtonForm(),
        ),
        status,
    )


@bp.get("/beheer/bewijs-per-soort")
@role_required(Role.ADMIN)
def rules() -> Any:
    return _page(_form())


@bp.post("/beheer/bewijs-per-soort")
@role_required(Role.ADMIN)
def add_rule() -> Any:
    form = _form()
    if not form.validate_on_submit():
        return _page(form, 422)
    try:
        credentials.add_rule(db.session, current_user, int(form.category.data), str(form.kind.data))
    except InvalidInput as error:
        show_beside_field(form, error.field, error.message)
        return _page(form, 422)
    return success_redirect(
        _("De regel is opgeslagen. Open hulpvragen van deze soort zoeken opnieuw."),
        url_for("matchmaking.rules"),
    )


@bp.post("/beheer/bewijs-per-soort/<int:rule_id>/weg")
@role_required(Role.ADMIN)
def remove_rule(rule_id: int) -> WerkzeugResponse:
    if not ButtonForm().validate_on_submit():
        abort(400)
    attempt(
        lambda: credentials.remove_rule(db.session, current_user, rule_id),
        _("De regel is weggehaald. Open hulpvragen van deze soort zoeken opnieuw."),
        {RuleNotFound: "error"},
    )
    return redirect(url_for("matchmaking.rules"))
