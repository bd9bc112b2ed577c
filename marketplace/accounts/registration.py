"""Making an account from the filled-in ``RegisterForm``: the account page uses it, and so
does a page that lets a guest make an account on the way (asking for help in steps).

``register_from_form`` counts the attempt, makes the account, logs the person in and
flushes; the view commits. On a problem it puts the message on the form's field and answers
the status to show the form again with (nothing typed is lost).
"""

from __future__ import annotations

from flask_babel import gettext as _

from marketplace import email_addresses
from marketplace.accounts import services
from marketplace.accounts.errors import EmailAlreadyRegistered, InvalidEmail, WeakPassword
from marketplace.accounts.forms import RegisterForm, password_problem_message
from marketplace.accounts.login import log_in_user
from marketplace.accounts.models import User
from marketplace.extensions import db
from marketplace.i18n import current_language
from marketplace.rate_limits import over_limit


def register_from_form(form: RegisterForm) -> User | int:
    """The new account (logged in), or the status for the form with its errors (422, 429)."""
    if (too_many := over_limit("register")) is not None:
        form.form_errors.append(too_many)
        return 429
    try:
        user = services.register_user(
            db.session,
            form.email.data,
            form.password.data,
            form.display_name.data,
            locale=current_language(),
        )
    except EmailAlreadyRegistered:
        form.email.errors.append(
            _(
                "Er is al een account met dit e-mailadres. Log in, of vraag een nieuw "
                "wachtwoord aan als u het niet meer weet."
            )
        )
        return 422
    except WeakPassword as error:
        form.password.errors.append(password_problem_message(error.problem))
        return 422
    except InvalidEmail:
        form.email.errors.append(str(email_addresses.INVALID_MESSAGE))
        return 422
    log_in_user(user)
    return user


def welcome_message(user: User) -> str:
    return _(
        "Welkom! Uw account is gemaakt. We hebben een e-mail gestuurd naar %(email)s. "
        "Klik op de link in die e-mail om uw adres te bevestigen.",
        email=user.email,
    )
