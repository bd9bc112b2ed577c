"""Organisers: putting an activity in the agenda, changing or stopping it, and seeing who
comes (a count; names only of those who gave them)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms import SelectChoice

from marketplace.agenda import photos
from marketplace.agenda.errors import AgendaError, InvalidPhoto
from marketplace.agenda.forms import ActivityForm
from marketplace.agenda.models import Activity, ActivityStatus
from marketplace.agenda.schedule import repeat_of
from marketplace.agenda.services import (
    attendance,
    cancel_activity,
    create_activity,
    my_signups,
    update_activity,
    visible_activity,
)
from marketplace.agenda.views.blueprint import bp
from marketplace.agenda.views.common import upload_root
from marketplace.errors import attempt, form_page
from marketplace.extensions import db
from marketplace.rate_limits import over_limit
from marketplace.security_log import log_security_event
from marketplace.timestamps import local_today


def _organisation_choices(form: ActivityForm) -> None:
    choices = [SelectChoice("", _("Ikzelf, als bewoner"))]
    choices += [
        SelectChoice(str(m.organisation_id), m.organisation.name) for m in current_user.memberships
    ]
    form.organisation.choices = choices
    if not form.is_submitted() and len(choices) > 1:
        form.organisation.data = choices[1].value


def _photo_problem(reason: str) -> str:
    if reason == "size":
        return _("Deze foto is groter dan 1,5 MB. Maak hem kleiner en probeer het opnieuw.")
    if reason == "pixels":
        return _(
            "Deze foto heeft te veel beeldpunten. Maak hem kleiner, bijvoorbeeld 2000 bij "
            "1500 beeldpunten, en probeer het opnieuw."
        )
    return _("Dit is geen PNG-, JPEG- of WebP-foto. Kies een ander bestand.")


def _cleaned_photo(form: ActivityForm) -> tuple[bool, bytes | None]:
    """Whether the upload is fine, and the photo cleaned (None without one). Not fine:
    the photo field has the error."""
    if not form.photo_given():
        return True, None
    upload = form.photo.data
    try:
        data = upload.stream.read(photos.MAX_BYTES + 1)
    finally:
        upload.close()
    try:
        return True, photos.clean_photo(data)
    except InvalidPhoto as error:
        form.photo.errors = [_photo_problem(error.reason)]
        return False, None


def _apply_photo(activity: Activity, form: ActivityForm, clean: bytes | None) -> None:
    if clean is not None:
        photos.set_photo(
            db.session, current_user, activity, clean, form.photo_alt.data or "", upload_root()
        )
    elif form.remove_photo.data:
        photos.remove_photo(db.session, current_user, activity, upload_root())
    elif activity.photo_filename:
        activity.photo_alt = (form.photo_alt.data or activity.photo_alt)[: photos.ALT_MAX]


def _message(activity: Activity) -> str:
    if activity.status == ActivityStatus.APPROVED:
        return _("De activiteit staat in de agenda.")
    return _("Dank u. Een moderator kijkt de activiteit na; daarna staat ze in de agenda.")


@bp.route("/nieuw", methods=["GET", "POST"])
@login_required
def new() -> Any:
    form = ActivityForm()
    _organisation_choices(form)
    if form.validate_on_submit():
        if over_limit("posting"):
            return render_template("agenda/form.html", form=form, activity=None), 429
        fine, clean = _cleaned_photo(form)
        if not fine:
            return form_page("agenda/form.html", form, activity=None)
        organisation_id = int(form.organisation.data) if form.organisation.data else None
        created: list[Activity] = []

        def create() -> None:
            activity = create_activity(db.session, current_user, form.values(), organisation_id)
            created.append(activity)
            _apply_photo(activity, form, clean)

        if attempt(
            create,
            lambda: _message(created[0]),
            {AgendaError: "error"},
        ):
            return redirect(url_for("agenda.detail", activity_id=created[0].id))
    return form_page("agenda/form.html", form, activity=None)


@bp.route("/activiteit/<int:activity_id>/wijzigen", methods=["GET", "POST"])
@login_required
def edit(activity_id: int) -> Any:
    activity = visible_activity(db.session, activity_id, current_user)
    form = ActivityForm(obj=activity)
    if not form.is_submitted():
        form.repeat.data = repeat_of(activity.rrule)
        form.cost_euros.data = f"{activity.cost_cents / 100:.2f}".replace(".", ",")
        form.exceptions.data = "\n".join(
            d.strftime("%d-%m-%Y") for d in sorted(activity.excluded_dates)
        )
    form.has_photo = bool(activity.photo_filename)
    if not form.validate_on_submit():
        return form_page("agenda/form.html", form, activity=activity)
    fine, clean = _cleaned_photo(form)
    if not fine:
        return form_page("agenda/form.html", form, activity=activity)

    def update() -> None:
        update_activity(db.session, current_user, activity, form.values())
        _apply_photo(activity, form, clean)

    if attempt(update, lambda: _message(activity), {AgendaError: "error"}):
        return redirect(url_for("agenda.detail", activity_id=activity.id))
    return form_page("agenda/form.html", form, activity=activity)


@bp.post("/activiteit/<int:activity_id>/stoppen")
@login_required
def stop(activity_id: int) -> Any:
    activity = visible_activity(db.session, activity_id, current_user)
    attempt(
        lambda: cancel_activity(db.session, current_user, activity),
        _("De activiteit staat niet meer in de agenda."),
        {},
    )
    return redirect(url_for("agenda.mine"))


@bp.get("/activiteit/<int:activity_id>/aanmeldingen")
@login_required
def signups(activity_id: int) -> Any:
    activity = visible_activity(db.session, activity_id, current_user)
    today = local_today()
    rows = attendance(db.session, current_user, activity, today, today + timedelta(days=60))
    # Who signed up by name is personal data: each read is logged (ids only).
    log_security_event("activity.attendance_read", user_id=current_user.id, activity_id=activity.id)
    return render_template("agenda/signups.html", activity=activity, rows=rows)


@bp.get("/mijn")
@login_required
def mine() -> Any:
    organised = list(
        db.session.scalars(
            select(Activity)
            .where(
                (Activity.created_by_id == current_user.id)
                | Activity.organisation_id.in_(
                    [m.organisation_id for m in current_user.memberships]
                )
            )
            .order_by(Activity.starts_on, Activity.id)
        )
    )
    return render_template(
        "agenda/mine.html",
        organised=organised,
        signups=my_signups(db.session, current_user, local_today()),
    )
