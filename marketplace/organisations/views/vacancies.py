"""Vacancies: placing one, and its extra details."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.accounts.memberships import Organisation
from marketplace.categories import active_categories
from marketplace.dayparts import slot_table_labels
from marketplace.errors import form_page, success_redirect
from marketplace.extensions import db
from marketplace.form_fields import show_beside_field
from marketplace.geo import InvalidPostcode, UnknownPostcode
from marketplace.i18n import current_language
from marketplace.organisations import pipeline
from marketplace.organisations.forms import VacancyDetailsForm, VacancyWithDetailsForm
from marketplace.organisations.views.blueprint import bp, manageable_or_404, vacancy_or_404
from marketplace.permissions import manages, staff_of
from marketplace.postings.errors import InvalidPosting
from marketplace.postings.models import PostingKind
from marketplace.rate_limits import over_limit


@bp.route("/<int:organisation_id>/vacatures/nieuw", methods=["GET", "POST"])
@login_required
def new_vacancy(organisation_id: int) -> Any:
    organisation = manageable_or_404(organisation_id)
    if not staff_of(db.session, current_user, organisation.id):
        abort(403)  # an admin who does not work here
    if not organisation.is_approved:
        flash(
            _("U kunt vacatures plaatsen zodra een beheerder uw organisatie heeft goedgekeurd."),
            "info",
        )
        return redirect(url_for("organisations.manage", organisation_id=organisation.id))
    profile = current_user.profile
    form = VacancyWithDetailsForm(postcode=profile.postcode if profile else None)
    form.set_categories(active_categories(db.session), current_language())
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return _render_new_vacancy(organisation, form, status)
    if (too_many := over_limit("posting")) is not None:
        form.form_errors.append(too_many)
        return _render_new_vacancy(organisation, form, 429)
    try:
        pipeline.create_vacancy(
            db.session,
            current_user,
            organisation,
            form.posting_data(PostingKind.VACANCY),
            form.details_data(),
        )
    except InvalidPostcode:
        show_beside_field(form, "postcode", _("Vul een postcode in zoals 3011 AB."))
        return _render_new_vacancy(organisation, form, 422)
    except UnknownPostcode:
        show_beside_field(
            form, "postcode", _("Deze postcode kennen we niet. Kijk of u hem goed heeft getypt.")
        )
        return _render_new_vacancy(organisation, form, 422)
    except InvalidPosting as error:
        show_beside_field(form, error.field, error.message)
        return _render_new_vacancy(organisation, form, 422)
    return success_redirect(
        _(
            "Uw vacature is opgeslagen. Een moderator kijkt er eerst naar. "
            "Daarna kan iedereen hem zien."
        ),
        url_for("organisations.manage", organisation_id=organisation.id),
    )


def _render_new_vacancy(
    organisation: Organisation, form: VacancyWithDetailsForm, status: int
) -> Any:
    return render_template(
        "organisations/new_vacancy.html",
        organisation=organisation,
        form=form,
        **slot_table_labels(),
    ), status


@bp.route("/vacatures/<int:posting_id>/gegevens", methods=["GET", "POST"])
@login_required
def edit_vacancy(posting_id: int) -> Any:
    posting = vacancy_or_404(posting_id)
    form = VacancyDetailsForm()
    details = pipeline.vacancy_details(db.session, posting)
    if not form.is_submitted() and details is not None:
        form.fill_details(details)
    if not form.validate_on_submit():
        return form_page(
            "organisations/edit_vacancy.html",
            form,
            posting=posting,
            can_edit_text=manages(db.session, current_user, posting),
        )
    pipeline.update_vacancy_details(db.session, current_user, posting, form.details_data())
    return success_redirect(
        _("De gegevens van de vacature zijn opgeslagen."),
        url_for("organisations.applicants", posting_id=posting.id),
    )
