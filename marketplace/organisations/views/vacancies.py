"""Vacancies: placing one, and its extra details."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.accounts.permissions import PermissionDenied
from marketplace.dayparts import DAY_LABELS, DAYS, PART_LABELS, PARTS
from marketplace.extensions import db
from marketplace.geo import InvalidPostcode, UnknownPostcode
from marketplace.organisations import pipeline, services
from marketplace.organisations.forms import VacancyDetailsForm, VacancyWithDetailsForm
from marketplace.organisations.models import Organisation
from marketplace.organisations.views.blueprint import bp, manageable_or_404, vacancy_or_404
from marketplace.postings.categories import active_categories
from marketplace.postings.errors import InvalidPosting
from marketplace.postings.models import PostingKind
from marketplace.postings.services import is_manager


@bp.route("/<int:organisation_id>/vacatures/nieuw", methods=["GET", "POST"])
@login_required
def new_vacancy(organisation_id: int) -> Any:
    organisation = manageable_or_404(organisation_id)
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


@bp.route("/vacatures/<int:posting_id>/gegevens", methods=["GET", "POST"])
@login_required
def edit_vacancy(posting_id: int) -> Any:
    posting = vacancy_or_404(posting_id)
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
