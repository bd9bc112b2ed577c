"""Account pages: register, confirm, log in and out, forgotten and changed passwords."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace.accounts import reauth, second_step, services, sessions, throttle, two_factor
from marketplace.accounts.errors import (
    AccountBlocked,
    AlreadyConfirmed,
    ExpiredToken,
    InvalidCredentials,
    InvalidToken,
    WeakPassword,
    WrongPassword,
)
from marketplace.accounts.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    RegisterForm,
    ResendConfirmationForm,
    ResetPasswordForm,
    password_problem_message,
)
from marketplace.accounts.login import current_token, log_in_user, log_out_user
from marketplace.accounts.models import User
from marketplace.accounts.passwords import MIN_PASSWORD_LENGTH
from marketplace.accounts.people import may_see_profile, public_profile
from marketplace.accounts.registration import register_from_form, welcome_message
from marketplace.errors import PageResult
from marketplace.extensions import db, limiter
from marketplace.safe_redirect import (
    ASK,
    HELP,
    PURPOSES,
    RESPOND,
    goal_path,
    goal_purpose,
    remember_goal,
    safe_next_url,
    take_goal,
)
from marketplace.security_log import log_security_event

bp = Blueprint("accounts", __name__)

# After making an account: the questions this person needs now (accounts.register's ``doel``).
# Someone asking for help gives a postcode and phone number; a volunteer what she likes to
# do and when; someone answering one posting nothing more yet.
FIRST_QUESTIONS = {
    ASK: "profiles.contact",
    HELP: "profiles.helping",
    RESPOND: "accounts.confirmation_needed",
}

# Per address (IP): enough for someone who mistypes, too few for guessing passwords.
FORM_POST_LIMIT = "10 per minute"
# Links from e-mails, per address: far more than a person clicks, too few to try tokens.
LINK_LIMIT = "30 per hour"


@bp.context_processor
def password_rules() -> dict[str, int]:
    return {"min_password_length": MIN_PASSWORD_LENGTH}


def _form_status() -> int:
    """200 for a fresh form, 422 for one that came back with errors."""
    return 422 if request.method == "POST" else 200


@bp.route("/inloggen", methods=["GET", "POST"])
@limiter.limit(FORM_POST_LIMIT, methods=["POST"])
def login() -> PageResult:
    if current_user.is_authenticated:
        return redirect(safe_next_url(request.args.get("next")))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")[:500]
    if not form.validate_on_submit():
        return render_template("accounts/login.html", form=form), _form_status()
    if (locked := _login_lock_message(form.email.data)) is not None:
        form.form_errors.append(locked)
        return render_template("accounts/login.html", form=form), 429
    try:
        user = services.authenticate(db.session, form.email.data, form.password.data)
    except InvalidCredentials:
        _count_failed_login(form.email.data)
        form.form_errors.append(
            _(
                "Het e-mailadres of het wachtwoord klopt niet. Let op hoofdletters. "
                "Weet u uw wachtwoord niet meer? Vraag dan een nieuw wachtwoord aan."
            )
        )
        return render_template("accounts/login.html", form=form), 422
    except AccountBlocked:
        _log_failed_login(form.email.data, "blocked")
        form.form_errors.append(
            _(
                "Uw account is geblokkeerd. U kunt niet inloggen. Denkt u dat dit niet klopt? "
                "Bel ons: %(phone)s.",
                phone=current_app.config["HELP_PHONE"],
            )
        )
        return render_template("accounts/login.html", form=form), 403
    throttle.forget_login_failures(form.email.data)
    # With two-factor log-in the session only starts after the code (accounts.login_code).
    return second_step.finish_password_step(
        user, remember=bool(form.remember.data), next_url=form.next.data
    )


def _login_lock_message(email: str) -> str | None:
    """Why log-ins are refused for now (too many wrong passwords), or None."""
    if throttle.login_locked(email):
        _log_failed_login(email, "locked")
        return _(
            "Te vaak een verkeerd wachtwoord. Wacht 15 minuten of vraag een nieuw wachtwoord aan."
        )
    if throttle.address_locked():
        _log_failed_login(email, "address_locked")
        return _(
            "Vanaf deze internetverbinding is te vaak een verkeerd wachtwoord gebruikt. "
            "Wacht een uur en probeer het dan opnieuw. Of vraag een nieuw wachtwoord aan."
        )
    return None


def _log_failed_login(email: str, reason: str) -> int | None:
    known = services.find_user_by_email(db.session, email)
    user_id = known.id if known else None
    log_security_event("login.failed", user_id=user_id, reason=reason)
    return user_id


def _count_failed_login(email: str) -> None:
    user_id = _log_failed_login(email, "wrong_password")
    if throttle.count_login_failure(email):
        log_security_event("login.locked", user_id=user_id, minutes=15)


@bp.post("/uitloggen")
def logout() -> WerkzeugResponse:
    if current_user.is_authenticated:
        log_out_user()
        db.session.commit()
        flash(_("U bent uitgelogd. Tot ziens!"), "info")
    return redirect(url_for("pages.home"))


@bp.route("/registreren", methods=["GET", "POST"])
def register() -> PageResult:
    if current_user.is_authenticated:
        return redirect(url_for("pages.home"))
    form = RegisterForm()
    if not form.validate_on_submit():
        return render_template("accounts/register.html", form=form), _form_status()
    user = register_from_form(form)
    if not isinstance(user, User):
        return render_template("accounts/register.html", form=form), user
    db.session.commit()
    flash(welcome_message(user), "info")
    purpose, target = request.args.get("doel"), request.args.get("next")
    if purpose in PURPOSES:
        # Ask only what this person needs now, then keep her goal for after confirming.
        remember_goal(purpose, target)
        return redirect(url_for(FIRST_QUESTIONS[purpose]))
    # An invitation (e.g. to join an organisation) sends people here with ``next``.
    return redirect(safe_next_url(target, "profiles.edit"))


@bp.get("/bevestigen")
@login_required
def confirmation_needed() -> PageResult:
    if current_user.is_email_confirmed:
        return redirect(url_for("pages.home"))
    return render_template(
        "accounts/confirmation_needed.html",
        form=ResendConfirmationForm(),
        purpose=goal_purpose(),
    )


@bp.post("/bevestigen/opnieuw")
@login_required
@limiter.limit("5 per hour")
def resend_confirmation() -> WerkzeugResponse:
    # CSRFProtect has checked the form's token before this view runs.
    if not throttle.take_confirmation_mail(current_user.id):
        flash(
            _(
                "We hebben u al een paar keer een e-mail gestuurd. Kijk ook bij ongewenste "
                "e-mail (spam). Niets gekregen? Wacht een uur en probeer het dan opnieuw."
            ),
            "warning",
        )
        return redirect(url_for("accounts.confirmation_needed"))
    try:
        services.send_confirmation(db.session, current_user._get_current_object())
    except AlreadyConfirmed:
        flash(_("Uw e-mailadres is al bevestigd. U kunt alles gebruiken."), "info")
        return redirect(url_for("pages.home"))
    db.session.commit()
    flash(
        _(
            "We hebben de e-mail opnieuw gestuurd naar %(email)s. Kijk ook in de map "
            "met ongewenste e-mail (spam).",
            email=current_user.email,
        ),
        "info",
    )
    return redirect(url_for("accounts.confirmation_needed"))


@bp.get("/bevestigen/<token>")
@limiter.limit(LINK_LIMIT)
def confirm_email(token: str) -> PageResult:
    try:
        services.confirm_email(db.session, token)
    except InvalidToken as error:
        return _link_invalid(error, "confirm")
    except AlreadyConfirmed:  # the link was used before: it does nothing any more
        flash(_("Uw e-mailadres is al bevestigd. U kunt alles gebruiken."), "info")
    else:
        db.session.commit()
        flash(_("Dank u wel. Uw e-mailadres is bevestigd."), "info")
    if current_user.is_authenticated:
        return redirect(take_goal())  # back to what she came for, e.g. the request steps
    return redirect(url_for("accounts.login", next=goal_path()))


def _link_invalid(error: Exception, purpose: str) -> tuple[str, int]:
    return render_template(
        "accounts/link_invalid.html",
        purpose=purpose,
        expired=isinstance(error, ExpiredToken),
        blocked=isinstance(error, AccountBlocked),
    ), 400


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
@limiter.limit(FORM_POST_LIMIT, methods=["POST"])
def forgot_password() -> PageResult:
    form = ForgotPasswordForm()
    if not form.validate_on_submit():
        return render_template("accounts/forgot_password.html", form=form), _form_status()
    # Counted per address typed, known or not: the answer says nothing about accounts.
    if not throttle.take_reset_mail(form.email.data):
        form.email.errors.append(
            _(
                "U heeft al een paar keer een nieuw wachtwoord aangevraagd. Kijk in uw e-mail, "
                "ook bij ongewenste e-mail (spam). Niets gekregen? Wacht een uur en probeer "
                "het dan opnieuw."
            )
        )
        return render_template("accounts/forgot_password.html", form=form), 429
    services.request_password_reset(db.session, form.email.data)
    db.session.commit()
    # The same answer whether or not the address has an account.
    flash(
        _(
            "Als %(email)s bij ons bekend is, krijgt u binnen een paar minuten een e-mail "
            "met een link. Met die link kiest u een nieuw wachtwoord. De link werkt 2 uur.",
            email=form.email.data,
        ),
        "info",
    )
    return redirect(url_for("accounts.forgot_password"))


@bp.route("/wachtwoord-herstellen/<token>", methods=["GET", "POST"])
@limiter.limit(LINK_LIMIT)
def reset_password(token: str) -> PageResult:
    form = ResetPasswordForm()
    try:
        # No form for a dead link; the account's address and name are not a good password.
        form.account = services.user_for_reset_token(db.session, token)
        if not form.validate_on_submit():
            return render_template("accounts/reset_password.html", form=form), _form_status()
        user = services.reset_password(db.session, token, form.password.data)
    except (InvalidToken, AccountBlocked) as error:
        return _link_invalid(error, "reset")
    except WeakPassword as error:
        form.password.errors.append(password_problem_message(error.problem))
        return render_template("accounts/reset_password.html", form=form), 422
    if two_factor.is_enabled(db.session, user):
        # The link proves the mailbox, not the phone: the code is still needed.
        flash(_("Uw nieuwe wachtwoord is opgeslagen. Vul nu de code uit uw app in."), "info")
        return second_step.finish_password_step(user, remember=False, next_url=None)
    log_in_user(user)  # the reset ended every other session
    db.session.commit()
    flash(_("Uw nieuwe wachtwoord is opgeslagen. U bent ingelogd."), "info")
    return redirect(url_for("pages.home"))


@bp.route("/account/wachtwoord", methods=["GET", "POST"])
@login_required
@limiter.limit(FORM_POST_LIMIT, methods=["POST"])
def change_password() -> PageResult:
    user = current_user._get_current_object()
    form = ChangePasswordForm()
    form.account = user
    page = "accounts/change_password.html"
    needs_code = reauth.needs_code(user)
    if not form.validate_on_submit():
        return render_template(page, form=form, needs_code=needs_code), _form_status()
    remember = sessions.is_remembered(db.session, current_token())
    # Wrong passwords here count with those at log-in, and lock alike (accounts.reauth).
    if reauth.is_locked(user):
        form.current_password.errors.append(
            _("Te vaak een verkeerd wachtwoord. Wacht 15 minuten en probeer het dan opnieuw.")
        )
        return render_template(page, form=form, needs_code=needs_code), 429
    try:
        confirmed = reauth.confirm_identity(user, form.current_password.data, form.code.data)
    except two_factor.TooManyAttempts:
        db.session.commit()
        form.code.errors.append(
            _(
                "U heeft te vaak een verkeerde code ingevuld. Wacht 15 minuten en probeer "
                "het dan opnieuw."
            )
        )
        return render_template(page, form=form, needs_code=needs_code), 429
    except two_factor.InvalidCode:
        db.session.commit()  # the count of wrong codes
        form.code.errors.append(
            _(
                "Deze code klopt niet. Vul de 6 cijfers in die de app nu laat zien. Of vul "
                "een van uw herstelcodes in."
            )
        )
        return render_template(page, form=form, needs_code=needs_code), 422
    if not confirmed:
        db.session.commit()  # the count of wrong passwords
        form.current_password.errors.append(
            _("Dit is niet uw huidige wachtwoord. Typ het wachtwoord waarmee u inlogt.")
        )
        return render_template(page, form=form, needs_code=needs_code), 422
    try:
        user = services.change_password(
            db.session, user, form.current_password.data, form.password.data
        )
    except WrongPassword:  # pragma: no cover - confirmed just above
        return render_template(page, form=form, needs_code=needs_code), 422
    except WeakPassword as error:
        form.password.errors.append(password_problem_message(error.problem))
        return render_template(page, form=form, needs_code=needs_code), 422
    # Every session ended with the old password: this browser gets a new one.
    log_in_user(user, remember=remember)
    db.session.commit()
    flash(_("Uw wachtwoord is gewijzigd. Op andere apparaten moet u opnieuw inloggen."), "info")
    return redirect(url_for("profiles.edit"))


@bp.post("/account/overal-uitloggen")
@login_required
def log_out_everywhere() -> WerkzeugResponse:
    """End every session of this account: on this device and on all others."""
    user = current_user._get_current_object()
    ended = sessions.end_all_sessions(db.session, user)
    log_out_user()
    db.session.commit()
    log_security_event("session.logout_everywhere", user_id=user.id, sessions=ended)
    flash(
        _("U bent nu overal uitgelogd, ook op dit apparaat. Log opnieuw in om verder te gaan."),
        "info",
    )
    return redirect(url_for("accounts.login"))


@bp.get("/profiel/<int:user_id>")
@login_required  # not a public directory: only people with an account see a profile
def person(user_id: int) -> str:
    """Someone's public face (``accounts.people``); their own profile is ``profiles.edit``."""
    # Not found rather than forbidden: nobody learns which numbers are accounts.
    person = public_profile(db.session, user_id)
    if person is None or not may_see_profile(db.session, current_user, user_id):
        abort(404)
    is_own = current_user.is_authenticated and current_user.id == person.user_id
    return render_template("profiles/show.html", person=person, is_own=is_own)


# The security pages (log-in code, two-factor set-up, password again, e-mail address) and
# blocking a person ("geen contact meer") are on ``bp`` too; imported last, because they
# import ``bp`` from here.
from marketplace.accounts import block_views, security_views  # noqa: E402, F401
