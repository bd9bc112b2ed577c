"""Forms for the account pages. Limits match the columns, so huge input is a form error."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, HiddenField, PasswordField, StringField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from marketplace.accounts.passwords import MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH


def strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


def _email_field(label: Any) -> EmailField:
    return EmailField(
        label,
        filters=[strip],
        validators=[
            DataRequired(_l("Vul uw e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.")),
            Length(max=254, message=_l("Dit e-mailadres is te lang. Gebruik een korter adres.")),
        ],
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
    email = _email_field(_l("E-mailadres"))
    password = PasswordField(
        _l("Wachtwoord"),
        validators=[
            DataRequired(_l("Vul uw wachtwoord in.")),
            Length(max=MAX_PASSWORD_LENGTH, message=_l("Dit wachtwoord is te lang.")),
        ],
    )
    remember = BooleanField(_l("Ingelogd blijven op deze computer"))
    next = HiddenField(validators=[Length(max=500)])


class RegisterForm(FlaskForm):
    display_name = StringField(
        _l("Uw naam"),
        filters=[strip],
        validators=[
            DataRequired(_l("Vul uw naam in, bijvoorbeeld uw voornaam.")),
            Length(max=80, message=_l("Deze naam is te lang. Gebruik hoogstens 80 tekens.")),
        ],
    )
    email = EmailField(
        _l("E-mailadres"),
        filters=[strip],
        validators=[
            DataRequired(_l("Vul uw e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.")),
            Length(max=254, message=_l("Dit e-mailadres is te lang. Gebruik een korter adres.")),
            Email(_l("Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.")),
        ],
    )
    password, password_again = _new_password_fields(
        _l("Wachtwoord"), _l("Typ het wachtwoord nog een keer")
    )


class ForgotPasswordForm(FlaskForm):
    email = _email_field(_l("E-mailadres"))


class ResetPasswordForm(FlaskForm):
    password, password_again = _new_password_fields(
        _l("Nieuw wachtwoord"), _l("Typ het nieuwe wachtwoord nog een keer")
    )


class ChangePasswordForm(FlaskForm):
    current_password = PasswordField(
        _l("Huidig wachtwoord"),
        validators=[
            DataRequired(_l("Vul uw huidige wachtwoord in.")),
            Length(max=MAX_PASSWORD_LENGTH, message=_l("Dit wachtwoord is te lang.")),
        ],
    )
    password, password_again = _new_password_fields(
        _l("Nieuw wachtwoord"), _l("Typ het nieuwe wachtwoord nog een keer")
    )


class ResendConfirmationForm(FlaskForm):
    """Only the CSRF token: the button asks for a new confirmation mail."""
