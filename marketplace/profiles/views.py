"""Profile pages: your own profile, your notification settings, and someone's public face."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import format_date, get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace.extensions import db
from marketplace.organisations.pipeline import shown_references
from marketplace.postings.categories import active_categories
from marketplace.profiles.errors import ProfileError
from marketplace.profiles.forms import (
    NotificationSettingsForm,
    PauseAlertsForm,
    ProfileForm,
    ResumeAlertsForm,
)
from marketplace.profiles.services import (
    availability_grid,
    home_area_sentence,
    pause_alerts,
    paused_through,
    public_profile,
    resume_alerts,
    update_notification_settings,
    update_profile,
)

bp = Blueprint("profiles", __name__, url_prefix="/profiel")

Page = str | tuple[str, int] | WerkzeugResponse


@bp.route("/", methods=["GET", "POST"])
@login_required
def edit() -> Page:
    categories = active_categories(db.session)
    form = ProfileForm(
        categories=categories,
        locale=str(get_locale() or "nl"),
        data=ProfileForm.data_from(current_user.profile, categories),
    )
    if not form.validate_on_submit():
        return _render_edit(form), 422 if form.is_submitted() else 200
    try:
        profile = update_profile(db.session, current_user, form.to_data())
    except ProfileError as error:
        form[error.field].errors.append(str(error.message))
        return _render_edit(form), 422
    db.session.commit()
    flash(
        _("Uw profiel is opgeslagen. %(home_area)s", home_area=home_area_sentence(profile) or ""),
        "success",
    )
    return redirect(url_for("profiles.edit"))


def _render_edit(form: ProfileForm) -> str:
    return render_template(
        "profiles/edit.html",
        form=form,
        availability=availability_grid(form.availability.data),
        home_area=home_area_sentence(current_user.profile),
    )


@bp.route("/meldingen", methods=["GET", "POST"])
@login_required
def notification_settings() -> Page:
    form = NotificationSettingsForm(data=NotificationSettingsForm.data_from(current_user.profile))
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return _render_settings(settings_form=form), status
    try:
        update_notification_settings(
            db.session, current_user, form.notification_preference.data, form.weekly_alert_cap.data
        )
    except ProfileError as error:
        form[error.field].errors.append(str(error.message))
        return _render_settings(settings_form=form), 422
    db.session.commit()
    flash(_("Uw keuze voor e-mails is opgeslagen."), "success")
    return redirect(url_for("profiles.notification_settings"))


def _render_settings(
    settings_form: NotificationSettingsForm | None = None,
    pause_form: PauseAlertsForm | None = None,
) -> str:
    """The settings page holds three forms; the one that was sent keeps what was typed."""
    profile = current_user.profile
    return render_template(
        "profiles/notification_settings.html",
        form=settings_form
        or NotificationSettingsForm(
            formdata=None, data=NotificationSettingsForm.data_from(profile)
        ),
        pause_form=pause_form or PauseAlertsForm(formdata=None),
        resume_form=ResumeAlertsForm(formdata=None),
        paused_through=paused_through(profile),
    )


@bp.post("/meldingen/pauzeren")
@login_required
def pause() -> Page:
    form = PauseAlertsForm()
    if not form.validate_on_submit():
        return _render_settings(pause_form=form), 422
    try:
        profile = pause_alerts(db.session, current_user, form.period.data, form.until_date.data)
    except ProfileError as error:
        form[error.field].errors.append(str(error.message))
        return _render_settings(pause_form=form), 422
    db.session.commit()
    last_day = paused_through(profile)
    flash(
        _(
            "U krijgt tot en met %(date)s geen meldingen over nieuwe oproepen.",
            date=format_date(last_day, "full") if last_day else "",
        ),
        "success",
    )
    return redirect(url_for("profiles.notification_settings"))


@bp.post("/meldingen/hervatten")
@login_required
def resume() -> Page:
    if not ResumeAlertsForm().validate_on_submit():
        return _render_settings(), 422
    resume_alerts(db.session, current_user)
    db.session.commit()
    flash(_("Uw meldingen staan weer aan."), "success")
    return redirect(url_for("profiles.notification_settings"))


@bp.get("/<int:user_id>")
def show(user_id: int) -> str:
    person = public_profile(db.session, user_id)
    if person is None:
        abort(404)
    is_own = current_user.is_authenticated and current_user.id == person.user_id
    return render_template(
        "profiles/show.html",
        person=person,
        is_own=is_own,
        # Organisations feature: references the person chose to show.
        references=shown_references(db.session, person.user_id),
    )
