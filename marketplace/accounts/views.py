"""Account pages: register, confirm, log in and out, forgotten and changed passwords."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace.accounts import services
from marketplace.accounts.errors import (
    AccountBlocked,
    AlreadyConfirmed,
    EmailAlreadyRegistered,
    ExpiredToken,
    InvalidCredentials,
    InvalidEmail,
    InvalidToken,
    WrongPassword,
)
from marketplace.accounts.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    LoginForm,
    RegisterForm,
    ResendConfirmationForm,
    ResetPasswordForm,
)
from marketplace.accounts.passwords import MIN_PASSWORD_LENGTH
from marketplace.extensions import db, limiter
from marketplace.pages.safe_redirect import safe_next_url

bp = Blueprint("accounts", __name__)

# Per address (IP): enough for someone who mistypes, too few for guessing passwords.
FORM_POST_LIMIT = "10 per minute"

Page = str | tuple[str, int] | WerkzeugResponse


@bp.context_processor
def password_rules() -> dict[str, int]:
    return {"min_password_length": MIN_PASSWORD_LENGTH}


def _form_status() -> int:
    """200 for a fresh form, 422 for one that came back with errors."""
    return 422 if request.method == "POST" else 200


@bp.route("/inloggen", methods=["GET", "POST"])
@limiter.limit(FORM_POST_LIMIT, methods=["POST"])
def login() -> Page:
    if current_user.is_authenticated:
        return redirect(safe_next_url(request.args.get("next")))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")[:500]
    if not form.validate_on_submit():
        return render_template("accounts/login.html", form=form), _form_status()
    try:
        user = services.authenticate(db.session, form.email.data, form.password.data)
    except InvalidCredentials:
        form.form_errors.append(
            _(
                "Het e-mailadres of het wachtwoord klopt niet. Let op hoofdletters. "
                "Weet u uw wachtwoord niet meer? Vraag dan een nieuw wachtwoord aan."
            )
        )
        return render_template("accounts/login.html", form=form), 422
    except AccountBlocked:
        form.form_errors.append(
            _(
                "Uw account is geblokkeerd. U kunt niet inloggen. Denkt u dat dit niet klopt? "
                "Bel ons: %(phone)s.",
                phone=current_app.config["HELP_PHONE"],
            )
        )
        return render_template("accounts/login.html", form=form), 403
    db.session.commit()
    login_user(user, remember=bool(form.remember.data))
    return redirect(safe_next_url(form.next.data))


@bp.post("/uitloggen")
def logout() -> WerkzeugResponse:
    if current_user.is_authenticated:
        logout_user()
        flash(_("U bent uitgelogd. Tot ziens!"), "info")
    return redirect(url_for("pages.home"))


@bp.route("/registreren", methods=["GET", "POST"])
def register() -> Page:
    if current_user.is_authenticated:
        return redirect(url_for("pages.home"))
    form = RegisterForm()
    if not form.validate_on_submit():
        return render_template("accounts/register.html", form=form), _form_status()
    try:
        user = services.register_user(
            db.session,
            form.email.data,
            form.password.data,
            form.display_name.data,
            locale=str(get_locale() or "nl"),
        )
    except EmailAlreadyRegistered:
        form.email.errors.append(
            _(
                "Er is al een account met dit e-mailadres. Log in, of vraag een nieuw "
                "wachtwoord aan als u het niet meer weet."
            )
        )
        return render_template("accounts/register.html", form=form), 422
    except InvalidEmail:
        form.email.errors.append(
            _("Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.")
        )
        return render_template("accounts/register.html", form=form), 422
    db.session.commit()
    login_user(user)
    flash(
        _(
            "Welkom! Uw account is gemaakt. We hebben een e-mail gestuurd naar %(email)s. "
            "Klik op de link in die e-mail om uw adres te bevestigen.",
            email=user.email,
        ),
        "info",
    )
    # An invitation (e.g. to join an organisation) sends people here with ``next``.
    return redirect(safe_next_url(request.args.get("next"), "profiles.edit"))


@bp.get("/bevestigen")
@login_required
def confirmation_needed() -> Page:
    if current_user.is_email_confirmed:
        return redirect(url_for("pages.home"))
    return render_template("accounts/confirmation_needed.html", form=ResendConfirmationForm())


@bp.post("/bevestigen/opnieuw")
@login_required
@limiter.limit("5 per hour")
def resend_confirmation() -> WerkzeugResponse:
    # CSRFProtect has checked the form's token before this view runs.
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
def confirm_email(token: str) -> Page:
    try:
        services.confirm_email(db.session, token)
    except InvalidToken as error:
        return _link_invalid(error, "confirm")
    db.session.commit()
    flash(_("Dank u wel. Uw e-mailadres is bevestigd."), "info")
    if current_user.is_authenticated:
        return redirect(url_for("pages.home"))
    return redirect(url_for("accounts.login"))


def _link_invalid(error: Exception, purpose: str) -> tuple[str, int]:
    return render_template(
        "accounts/link_invalid.html",
        purpose=purpose,
        expired=isinstance(error, ExpiredToken),
        blocked=isinstance(error, AccountBlocked),
    ), 400


@bp.route("/wachtwoord-vergeten", methods=["GET", "POST"])
@limiter.limit(FORM_POST_LIMIT, methods=["POST"])
def forgot_password() -> Page:
    form = ForgotPasswordForm()
    if not form.validate_on_submit():
        return render_template("accounts/forgot_password.html", form=form), _form_status()
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
def reset_password(token: str) -> Page:
    form = ResetPasswordForm()
    try:
        if not form.validate_on_submit():
            services.user_for_reset_token(db.session, token)  # no form for a dead link
            return render_template("accounts/reset_password.html", form=form), _form_status()
        user = services.reset_password(db.session, token, form.password.data)
    except (InvalidToken, AccountBlocked) as error:
        return _link_invalid(error, "reset")
    db.session.commit()
    login_user(user)
    flash(_("Uw nieuwe wachtwoord is opgeslagen. U bent ingelogd."), "info")
    return redirect(url_for("pages.home"))


@bp.route("/account/wachtwoord", methods=["GET", "POST"])
@login_required
def change_password() -> Page:
    form = ChangePasswordForm()
    if not form.validate_on_submit():
        return render_template("accounts/change_password.html", form=form), _form_status()
    try:
        user = services.change_password(
            db.session,
            current_user._get_current_object(),
            form.current_password.data,
            form.password.data,
        )
    except WrongPassword:
        form.current_password.errors.append(
            _("Dit is niet uw huidige wachtwoord. Typ het wachtwoord waarmee u inlogt.")
        )
        return render_template("accounts/change_password.html", form=form), 422
    db.session.commit()
    # The session id holds a fingerprint of the password: renew it for this session only.
    login_user(user)
    flash(_("Uw wachtwoord is gewijzigd. Op andere apparaten moet u opnieuw inloggen."), "info")
    return redirect(url_for("profiles.edit"))
