"""Profile pages: your own profile and your notification settings. Someone's public face
(/profiel/<id>) is ``accounts.person``."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user, login_required

from marketplace.categories import active_categories
from marketplace.errors import PageResult, success_redirect
from marketplace.extensions import db
from marketplace.form_fields import show_beside_field
from marketplace.i18n import current_language
from marketplace.profiles.errors import ProfileError
from marketplace.profiles.forms import (
    MailTopicsForm,
    NotificationSettingsForm,
    PauseAlertsForm,
    ProfileForm,
    ResumeAlertsForm,
)
from marketplace.profiles.services import (
    home_area_sentence,
    pause_alerts,
    paused_through,
    resume_alerts,
    update_mail_topics,
    update_notification_settings,
    update_profile,
)

bp = Blueprint("profiles", __name__, url_prefix="/profiel")


@bp.route("/", methods=["GET", "POST"])
@login_required
def edit() -> PageResult:
    categories = active_categories(db.session)
    form = ProfileForm(
        categories=categories,
        locale=current_language(),
        data=ProfileForm.data_from(current_user.profile, categories),
    )
    if first_steps.chosen_shortcut(form):
        return _render_edit(form)
    if not form.validate_on_submit():
        return _render_edit(form), 422 if form.is_submitted() else 200
    try:
        profile = update_profile(db.session, current_user, form.to_data())
    except ProfileError as error:
        show_beside_field(form, error.field, error.message)
        return _render_edit(form), 422
    return success_redirect(
        _("Uw profiel is opgeslagen. %(home_area)s", home_area=home_area_sentence(profile) or ""),
        url_for("profiles.edit"),
    )


def _render_edit(form: ProfileForm) -> str:
    return render_template(
        "profiles/edit.html",
        form=form,
        home_area=home_area_sentence(current_user.profile),
        **first_steps.shortcut_context(form),
    )


@bp.route("/meldingen", methods=["GET", "POST"])
@login_required
def notification_settings() -> PageResult:
    form = NotificationSettingsForm(data=NotificationSettingsForm.data_from(current_user.profile))
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return _render_settings(settings_form=form), status
    try:
        update_notification_settings(
            db.session,
            current_user,
            form.notification_preference.data,
            form.weekly_alert_cap.data,
            urgent_alerts=form.urgent_alerts.data,
        )
    except ProfileError as error:
        show_beside_field(form, error.field, error.message)
        return _render_settings(settings_form=form), 422
    return success_redirect(
        _("Uw keuze voor e-mails is opgeslagen."), url_for("profiles.notification_settings")
    )


@bp.post("/meldingen/onderwerpen")
@login_required
def mail_topics() -> PageResult:
    form = MailTopicsForm()
    if not form.validate_on_submit():
        return _render_settings(), 422
    update_mail_topics(db.session, current_user, form.chosen())
    return success_redirect(
        _("Uw keuze voor e-mails is opgeslagen."), url_for("profiles.notification_settings")
    )


def _render_settings(
    settings_form: NotificationSettingsForm | None = None,
    pause_form: PauseAlertsForm | None = None,
) -> str:
    """The settings page holds four forms; the one that was sent keeps what was typed."""
    profile = current_user.profile
    return render_template(
        "profiles/notification_settings.html",
        form=settings_form
        or NotificationSettingsForm(
            formdata=None, data=NotificationSettingsForm.data_from(profile)
        ),
        pause_form=pause_form or PauseAlertsForm(formdata=None),
        resume_form=ResumeAlertsForm(formdata=None),
        topics_form=MailTopicsForm(formdata=None, data=MailTopicsForm.data_from(profile)),
        paused_through=paused_through(profile),
    )


@bp.post("/meldingen/pauzeren")
@login_required
def pause() -> PageResult:
    form = PauseAlertsForm()
    if not form.validate_on_submit():
        return _render_settings(pause_form=form), 422
    try:
        profile = pause_alerts(db.session, current_user, form.period.data, form.until_date.data)
    except ProfileError as error:
        show_beside_field(form, error.field, error.message)
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
def resume() -> PageResult:
    if not ResumeAlertsForm().validate_on_submit():
        return _render_settings(), 422
    resume_alerts(db.session, current_user)
    return success_redirect(
        _("Uw meldingen staan weer aan."), url_for("profiles.notification_settings")
    )


# The first questions after making an account (/profiel/contact, /profiel/helpen) are on
# ``bp`` too; imported last, because they import ``bp`` from here.
from marketplace.profiles import first_steps  # noqa: E402
