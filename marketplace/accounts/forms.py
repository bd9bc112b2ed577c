"""Forms for the account pages. Limits match the columns, so huge input is a form error."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, Field, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from marketplace import email_addresses
from marketplace.accounts.passwords import (
    MAX_PASSWORD_LENGTH,
    MIN_PASSWORD_LENGTH,
    PasswordProblem,
    password_problem,
)
from marketplace.display_names import one_line_name
from marketplace.email_addresses import EmailAddress
from marketplace.form_fields import text_field

# One explanation per rule in ``passwords.password_problem``; the length rules have their own
# messages on the field. Views reuse these when a service raises WeakPassword.
PASSWORD_PROBLEMS = {
    PasswordProblem.TOO_SHORT: _l(
        "Kies een wachtwoord van minstens %(n)s tekens. Een paar losse woorden is makkelijk "
        "te onthouden.",
        n=MIN_PASSWORD_LENGTH,
    ),
    PasswordProblem.TOO_LONG: _l(
        "Dit wachtwoord is te lang. Gebruik hoogstens %(n)s tekens.", n=MAX_PASSWORD_LENGTH
    ),
    PasswordProblem.COMMON: _l(
        "Dit wachtwoord wordt veel gebruikt en is makkelijk te raden. Kies een ander, "
        "bijvoorbeeld drie losse woorden."
    ),
    PasswordProblem.PERSONAL: _l(
        "Uw wachtwoord mag niet uw e-mailadres of uw naam bevatten. Die zijn makkelijk te "
        "raden. Kies een ander, bijvoorbeeld drie losse woorden."
    ),
    PasswordProblem.PREDICTABLE: _l(
        "Dit wachtwoord is steeds hetzelfde teken of een rijtje zoals 1234567890. Dat is "
        "makkelijk te raden. Kies een ander, bijvoorbeeld drie losse woorden."
    ),
}


def password_problem_message(problem: str) -> str:
    return str(PASSWORD_PROBLEMS[PasswordProblem(problem)])


def _strong_password(form: Any, field: Field) -> None:
    """The rules beyond length: not common, not personal, not a row or repeated character.

    The person's address and name come from the form's own fields (registration) or from
    ``form.account`` (reset and change), which the view sets."""
    account = getattr(form, "account", None)
    email = form.email.data if "email" in form else getattr(account, "email", None)
    if "display_name" in form:
        names = [form.display_name.data]
    else:
        profile = getattr(account, "profile", None)
        names = [profile.display_name if profile else None]
    problem = password_problem(field.data or "", email=email, names=names)
    if problem not in (None, PasswordProblem.TOO_SHORT, PasswordProblem.TOO_LONG):
        raise ValidationError(str(PASSWORD_PROBLEMS[problem]))


EMAIL_TOO_LONG = _l("Dit e-mailadres is te lang. Gebruik een korter adres.")
PASSWORD_TOO_LONG = _l("Dit wachtwoord is te lang.")
CODE_TOO_LONG = _l("Deze code is te lang. Vul 6 cijfers in, of een herstelcode.")


def _email_field(label: Any, required: Any, *validators: Any) -> Any:
    return text_field(
        label,
        email_addresses.MAX_LENGTH,
        EMAIL_TOO_LONG,
        required=required,
        kind=EmailField,
        validators=validators,
    )


def password_field(label: Any, required: Any) -> Any:
    """The password someone has (to log in, or to confirm a change): only its length is
    checked here."""
    return text_field(
        label,
        MAX_PASSWORD_LENGTH,
        PASSWORD_TOO_LONG,
        required=required,
        kind=PasswordField,
        filters=(),
    )


def _new_password_fields(label: Any, again_label: Any) -> tuple[PasswordField, PasswordField]:
    password = PasswordField(
        label,
        validators=[
            DataRequired(
                _l("Kies een wachtwoord van minstens %(n)s tekens.", n=MIN_PASSWORD_LENGTH)
            ),
            Length(
                min=MIN_PASSWORD_LENGTH,
                max=MAX_PASSWORD_LENGTH,
                message=_l(
                    "Kies een wachtwoord van %(min)s tot %(max)s tekens. Een zin van een paar "
                    "woorden is makkelijk te onthouden.",
                    min=MIN_PASSWORD_LENGTH,
                    max=MAX_PASSWORD_LENGTH,
                ),
            ),
            _strong_password,
        ],
    )
    password_again = PasswordField(
        again_label,
        validators=[
            DataRequired(_l("Typ het wachtwoord nog een keer, om tikfouten te voorkomen.")),
            EqualTo(
                "password",
                message=_l("De twee wachtwoorden zijn niet gelijk. Typ twee keer hetzelfde."),
            ),
        ],
    )
    return password, password_again


class LoginForm(FlaskForm):
    email = _email_field(
        _l("E-mailadres"), _l("Vul uw e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.")
    )
    password = password_field(_l("Wachtwoord"), _l("Vul uw wachtwoord in."))
    remember = BooleanField(_l("Ingelogd blijven op deze computer"))
    next = HiddenField(validators=[Length(max=500)])


class RegisterForm(FlaskForm):
    display_name = text_field(
        _l("Uw naam"),
        80,
        _l("Deze naam is te lang. Gebruik hoogstens 80 tekens."),
        required=_l("Vul uw naam in, bijvoorbeeld uw voornaam."),
        validators=[one_line_name],
    )
    email = _email_field(
        _l("E-mailadres"),
        _l("Vul uw e-mailadres in, bijvoorbeeld naam@voorbeeld.nl."),
        EmailAddress(),
    )
    password, password_again = _new_password_fields(
        _l("Wachtwoord"), _l("Typ het wachtwoord nog een keer")
    )


class ForgotPasswordForm(FlaskForm):
    email = _email_field(
        _l("E-mailadres"), _l("Vul uw e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.")
    )


class ResetPasswordForm(FlaskForm):
    password, password_again = _new_password_fields(
        _l("Nieuw wachtwoord"), _l("Typ het nieuwe wachtwoord nog een keer")
    )


def _confirm_code_field() -> StringField:
    """The code asked with the password before a sensitive change, for people with
    two-factor log-in (accounts.reauth.confirm_identity); optional for everyone else."""
    return text_field(_l("Code uit uw app, of een herstelcode"), 20, CODE_TOO_LONG)


class ChangePasswordForm(FlaskForm):
    current_password = password_field(_l("Huidig wachtwoord"), _l("Vul uw huidige wachtwoord in."))
    code = _confirm_code_field()
    password, password_again = _new_password_fields(
        _l("Nieuw wachtwoord"), _l("Typ het nieuwe wachtwoord nog een keer")
    )


class ResendConfirmationForm(FlaskForm):
    """Only the CSRF token: the button asks for a new confirmation mail."""


class ConfirmPasswordForm(FlaskForm):
    """Asked again before a change that could take over the account (see accounts.reauth)."""

    password = password_field(_l("Uw wachtwoord"), _l("Vul uw wachtwoord in."))
    # Only shown (and needed) with two-factor log-in on: see accounts.reauth.confirm_identity.
    code = _confirm_code_field()
    next = HiddenField(validators=[Length(max=500)])


class TwoFactorCodeForm(FlaskForm):
    code = text_field(
        _l("Code"),
        20,
        CODE_TOO_LONG,
        required=_l("Vul de code van 6 cijfers uit de app in, of een van uw herstelcodes."),
    )


class ChangeEmailForm(FlaskForm):
    email = _email_field(
        _l("Nieuw e-mailadres"),
        _l("Vul uw nieuwe e-mailadres in, bijvoorbeeld naam@voorbeeld.nl."),
        EmailAddress(),
    )


class ButtonForm(FlaskForm):
    """Only the CSRF token, for a button that changes something."""
