"""Account security pages: the log-in code, two-factor set-up, confirming the password again,
and changing the e-mail address. On the accounts blueprint (imported by ``views.py``).

People whose role needs two-factor log-in (``two_factor.requires_two_factor``) and have not
set it up are sent to the set-up page from every other page until they have.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace import email_addresses
from marketplace.accounts import email_change, reauth, second_step, sessions, two_factor
from marketplace.accounts.errors import EmailAlreadyRegistered, InvalidEmail, InvalidToken
from marketplace.accounts.forms import (
    ButtonForm,
    ChangeEmailForm,
    ConfirmPasswordForm,
    TwoFactorCodeForm,
)
from marketplace.accounts.login import current_token, log_out_user
from marketplace.accounts.models import User
from marketplace.accounts.views import FORM_POST_LIMIT, _link_invalid, bp
from marketplace.errors import PageResult
from marketplace.extensions import db, limiter
from marketplace.safe_redirect import safe_next_url
from marketplace.security_log import log_security_event
from marketplace.timestamps import LOCAL_TIME

ACCOUNT_SECURITY = "profiles.edit"  # the account page; its "Inloggen en beveiliging" part

# Pages someone who must still set up two-factor log-in can reach.
_OPEN_DURING_SETUP = {
    "accounts.two_factor",
    "accounts.two_factor_qr",
    "accounts.reauthenticate",
    "accounts.logout",
    "accounts.confirm_email",
    "pages.set_language",
    "static",
}


@bp.before_app_request
def require_two_factor_setup() -> WerkzeugResponse | None:
    endpoint = request.endpoint
    if endpoint is None or endpoint in _OPEN_DURING_SETUP or endpoint.endswith(".static"):
        return None
    if not current_user.is_authenticated:
        return None
    if two_factor.needs_setup(db.session, current_user._get_current_object()):
        return redirect(url_for("accounts.two_factor"))
    return None


def _status() -> int:
    return 422 if request.method == "POST" else 200


def _user() -> User:
    return current_user._get_current_object()


# The second step of logging in


@bp.route("/inloggen/code", methods=["GET", "POST"])
@limiter.limit(FORM_POST_LIMIT, methods=["POST"])
def login_code() -> PageResult:
    pending = second_step.pending_log_in()
    if pending is None:
        flash(_("Log opnieuw in. Na 5 minuten moet u opnieuw beginnen."), "info")
        return redirect(url_for("accounts.login"))
    user, state = pending
    form = TwoFactorCodeForm()
    if not form.validate_on_submit():
        return render_template("accounts/login_code.html", form=form), _status()
    try:
        method = two_factor.check_code(db.session, user, form.code.data)
    except two_factor.TooManyAttempts as error:
        db.session.commit()
        second_step.forget_pending()
        form.code.errors.append(
            _(
                "U heeft te vaak een verkeerde code ingevuld. Wacht tot %(time)s en log dan "
                "opnieuw in.",
                time=error.until.astimezone(LOCAL_TIME).strftime("%H:%M"),  # type: ignore[attr-defined]
            )
        )
        return render_template("accounts/login_code.html", form=form), 429
    except two_factor.InvalidCode:
        db.session.commit()  # the count of wrong codes
        form.code.errors.append(
            _(
                "Deze code klopt niet. Vul de 6 cijfers in die de app nu laat zien. Of vul "
                "een van uw herstelcodes in."
            )
        )
        return render_template("accounts/login_code.html", form=form), 422
    except two_factor.NotEnabled:
        second_step.forget_pending()
        return redirect(url_for("accounts.login"))
    second_step.complete_log_in(user, remember=bool(state.get("remember")))
    db.session.commit()
    if method == "recovery":
        flash(
            _(
                "U bent ingelogd met een herstelcode. Die werkt nu niet meer. U heeft nog "
                "%(n)s herstelcodes.",
                n=two_factor.unused_recovery_codes(db.session, user),
            ),
            "info",
        )
    return redirect(safe_next_url(state.get("next")))


# Confirm the password again


@bp.route("/account/bevestig-wachtwoord", methods=["GET", "POST"])
@login_required
@limiter.limit(FORM_POST_LIMIT, methods=["POST"])
def reauthenticate() -> PageResult:
    form = ConfirmPasswordForm()
    if request.method == "GET":
        form.next.data = request.args.get("next", "")[:500]
    user = _user()
    if not form.validate_on_submit():
        return _reauth_page(form, _status())
    # Wrong passwords here count with those at log-in (see reauth.confirm_password).
    if reauth.is_locked(user):
        form.password.errors.append(
            _("Te vaak een verkeerd wachtwoord. Wacht 15 minuten en probeer het dan opnieuw.")
        )
        return _reauth_page(form, 429)
    try:
        confirmed = reauth.confirm_identity(user, form.password.data, form.code.data)
    except two_factor.TooManyAttempts as error:
        db.session.commit()
        form.code.errors.append(
            _(
                "U heeft te vaak een verkeerde code ingevuld. Wacht tot %(time)s en probeer "
                "het dan opnieuw.",
                time=error.until.astimezone(LOCAL_TIME).strftime("%H:%M"),  # type: ignore[attr-defined]
            )
        )
        return _reauth_page(form, 429)
    except two_factor.InvalidCode:
        db.session.commit()  # the count of wrong codes
        form.code.errors.append(
            _(
                "Deze code klopt niet. Vul de 6 cijfers in die de app nu laat zien. Of vul "
                "een van uw herstelcodes in."
            )
        )
        return _reauth_page(form, 422)
    db.session.commit()  # the count of wrong passwords, or the mark on this session
    if not confirmed:
        form.password.errors.append(
            _(
                "Dit wachtwoord klopt niet. Typ het wachtwoord waarmee u inlogt. Let op "
                "hoofdletters."
            )
        )
        return _reauth_page(form, 422)
    return redirect(safe_next_url(form.next.data, ACCOUNT_SECURITY))


def _reauth_page(form: ConfirmPasswordForm, status: int) -> tuple[str, int]:
    return render_template(
        "accounts/reauthenticate.html", form=form, needs_code=reauth.needs_code(_user())
    ), status


# Two-factor log-in: set up, recovery codes, switch off


@bp.route("/account/tweestapsverificatie", methods=["GET", "POST"], endpoint="two_factor")
@reauth.recent_login_required
@limiter.limit(FORM_POST_LIMIT, methods=["POST"])
def two_factor_page() -> PageResult:
    user = _user()
    if two_factor.is_enabled(db.session, user):
        return render_template(
            "accounts/two_factor_manage.html",
            form=ButtonForm(),
            required=two_factor.requires_two_factor(user),
            codes_left=two_factor.unused_recovery_codes(db.session, user),
        )
    record = two_factor.begin_setup(db.session, user)
    db.session.commit()
    form = TwoFactorCodeForm()
    if form.validate_on_submit():
        try:
            codes = two_factor.confirm_setup(db.session, user, form.code.data)
        except two_factor.InvalidCode:
            form.code.errors.append(
                _(
                    "Deze code klopt niet. Vul de 6 cijfers in die de app nu laat zien. Klopt "
                    "het nog niet? Kijk of de tijd op uw telefoon goed staat."
                )
            )
        else:
            db.session.commit()
            return render_template("accounts/two_factor_codes.html", codes=codes, new=True)
    return render_template(
        "accounts/two_factor_setup.html",
        form=form,
        secret=two_factor.format_secret(record.secret),
        required=two_factor.requires_two_factor(user),
    ), _status()


@bp.get("/account/tweestapsverificatie/qr.svg")
@reauth.recent_login_required
def two_factor_qr() -> WerkzeugResponse:
    user = _user()
    secret = two_factor.pending_secret(db.session, user)
    if secret is None:
        return WerkzeugResponse(status=404)
    response = WerkzeugResponse(two_factor.qr_svg(user, secret), mimetype="image/svg+xml")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/account/tweestapsverificatie/herstelcodes")
@reauth.recent_login_required
def two_factor_renew_codes() -> PageResult:
    try:
        codes = two_factor.renew_recovery_codes(db.session, _user())
    except two_factor.NotEnabled:
        return redirect(url_for("accounts.two_factor"))
    db.session.commit()
    return render_template("accounts/two_factor_codes.html", codes=codes, new=False)


@bp.post("/account/tweestapsverificatie/uitzetten")
@reauth.recent_login_required
def two_factor_disable() -> WerkzeugResponse:
    try:
        two_factor.disable(db.session, _user())
    except two_factor.TwoFactorRequired:
        flash(
            _(
                "U kunt inloggen met een code niet uitzetten. U ziet gegevens van andere "
                "mensen, en die moeten goed beschermd zijn."
            ),
            "error",
        )
        return redirect(url_for("accounts.two_factor"))
    except two_factor.NotEnabled:
        return redirect(url_for("accounts.two_factor"))
    db.session.commit()
    flash(_("Inloggen met een code staat nu uit. U logt alleen nog in met uw wachtwoord."), "info")
    return redirect(url_for(ACCOUNT_SECURITY, _anchor="inloggen"))


# Log-in sessions: the person's own overview (on the account page) and logging one out


@bp.app_context_processor
def own_sessions() -> dict[str, object]:
    """``own_sessions()`` in templates: this person's log-in sessions, newest use first, as
    (session, is this device). A function, so only the account page pays for the query."""

    def listing() -> list[tuple[sessions.UserSession, bool]]:
        if not current_user.is_authenticated:
            return []
        here = current_token()
        mine = sessions.find_by_token(db.session, here)
        return [
            (row, mine is not None and row.id == mine.id)
            for row in sessions.sessions_of(db.session, _user())
        ]

    return {"own_sessions": listing}


@bp.post("/account/sessies/<int:session_id>/uitloggen")
@login_required
def end_own_session(session_id: int) -> WerkzeugResponse:
    """Log out on one device. Someone else's session id is a 404, as if it did not exist."""
    user = _user()
    mine = sessions.find_by_token(db.session, current_token())
    if not sessions.end_session_by_id(db.session, user, session_id):
        abort(404)
    log_security_event(
        "session.ended", user_id=user.id, this_device=mine is not None and mine.id == session_id
    )
    if mine is not None and mine.id == session_id:
        log_out_user()
        db.session.commit()
        flash(_("U bent uitgelogd op dit apparaat."), "info")
        return redirect(url_for("accounts.login"))
    db.session.commit()
    flash(_("U bent uitgelogd op dat apparaat. Daar moet u opnieuw inloggen."), "info")
    return redirect(url_for(ACCOUNT_SECURITY, _anchor="apparaten"))


# Changing the e-mail address


@bp.route("/account/e-mailadres", methods=["GET", "POST"])
@reauth.recent_login_required
@limiter.limit("5 per hour", methods=["POST"])
def change_email() -> PageResult:
    form = ChangeEmailForm()
    if not form.validate_on_submit():
        return render_template("accounts/change_email.html", form=form), _status()
    try:
        email_change.request_email_change(db.session, _user(), form.email.data)
    except email_change.SameEmail:
        form.email.errors.append(
            _("Dit is al uw e-mailadres. Vul het nieuwe adres in dat u wilt gebruiken.")
        )
        return render_template("accounts/change_email.html", form=form), 422
    except EmailAlreadyRegistered:
        form.email.errors.append(
            _("Er is al een account met dit e-mailadres. Kies een ander adres.")
        )
        return render_template("accounts/change_email.html", form=form), 422
    except InvalidEmail:
        form.email.errors.append(str(email_addresses.INVALID_MESSAGE))
        return render_template("accounts/change_email.html", form=form), 422
    db.session.commit()
    flash(
        _(
            "We hebben een e-mail gestuurd naar %(email)s. Klik op de link in die e-mail. "
            "Pas daarna gebruiken wij het nieuwe adres. Tot dan blijft uw oude adres gelden.",
            email=form.email.data,
        ),
        "info",
    )
    return redirect(url_for(ACCOUNT_SECURITY, _anchor="inloggen"))


@bp.get("/account/e-mailadres/bevestigen/<token>")
def confirm_email_change(token: str) -> PageResult:
    try:
        email_change.confirm_email_change(db.session, token)
    except (InvalidToken, EmailAlreadyRegistered) as error:
        return _link_invalid(error, "change_email")
    db.session.commit()
    flash(
        _("Dank u wel. Uw nieuwe e-mailadres is bevestigd. Log voortaan in met dit adres."), "info"
    )
    if current_user.is_authenticated:
        return redirect(url_for(ACCOUNT_SECURITY, _anchor="inloggen"))
    return redirect(url_for("accounts.login"))
