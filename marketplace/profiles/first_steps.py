"""The first questions after making an account: only what this person needs now.

Someone asking for help gives a postcode and a phone number (``contact``); someone who
chose to help says what she likes to do, when and how far (``helping``). Afterwards she
confirms her address (when she has not yet), then goes where she was going
(``safe_redirect.take_goal``). The full profile (``profiles.edit``) has everything.
"""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace.categories import active_categories
from marketplace.errors import PageResult, form_page
from marketplace.extensions import db
from marketplace.form_fields import show_beside_field
from marketplace.i18n import current_language
from marketplace.profiles.errors import ProfileError
from marketplace.profiles.forms import ContactForm, HelpingForm, ProfileForm
from marketplace.profiles.services import (
    AVAILABILITY_PATTERNS,
    availability_grid,
    availability_pattern,
    start_helping,
    update_contact,
)
from marketplace.profiles.views import bp
from marketplace.safe_redirect import take_goal


def chosen_shortcut(form: ProfileForm | HelpingForm) -> bool:
    """A shortcut button under the availability grid was pressed ("Hele week" ...): fill in
    its pattern and show the form again, without saving. Works without JavaScript."""
    if request.method != "POST":
        return False
    slots = availability_pattern(request.form.get("patroon", ""))
    if slots is None:
        return False
    form.availability.data = slots
    return True


def shortcut_context(form: ProfileForm | HelpingForm) -> dict[str, object]:
    return {
        "availability": availability_grid(form.availability.data),
        "availability_patterns": AVAILABILITY_PATTERNS,
    }


def _onwards(default_endpoint: str) -> WerkzeugResponse:
    """Confirm the address first (the goal waits), else straight to the goal."""
    if not current_user.is_email_confirmed:
        return redirect(url_for("accounts.confirmation_needed"))
    return redirect(take_goal(default_endpoint))


@bp.route("/contact", methods=["GET", "POST"])
@login_required
def contact() -> PageResult:
    profile = current_user.profile
    form = ContactForm(data={"postcode": profile.postcode, "phone": profile.phone})
    if not form.validate_on_submit():
        return form_page("profiles/contact.html", form)
    try:
        update_contact(db.session, current_user, form.postcode.data, form.phone.data)
    except ProfileError as error:
        show_beside_field(form, error.field, error.message)
        return render_template("profiles/contact.html", form=form), 422
    db.session.commit()
    return _onwards("posting_steps.start")


@bp.route("/helpen", methods=["GET", "POST"])
@login_required
def helping() -> PageResult:
    categories = active_categories(db.session)
    stored = ProfileForm.data_from(current_user.profile, categories)
    form = HelpingForm(categories=categories, locale=current_language(), data=stored)
    if chosen_shortcut(form):
        return render_template("profiles/helping.html", form=form, **shortcut_context(form))
    if not form.validate_on_submit():
        return form_page("profiles/helping.html", form, **shortcut_context(form))
    try:
        start_helping(
            db.session,
            current_user,
            postcode=form.postcode.data,
            interests=list(form.interests.data or []),
            availability=list(form.availability.data or []),
            radius_km=form.radius_km.data,
        )
    except ProfileError as error:
        show_beside_field(form, error.field, error.message)
        return render_template("profiles/helping.html", form=form, **shortcut_context(form)), 422
    db.session.commit()
    flash(_("Dank u wel. We laten u oproepen zien die bij u passen."), "success")
    return _onwards("matching.for_you")
