"""E-mail addresses: one rule for what we accept and how we store it, for forms and services."""

from __future__ import annotations

from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

from marketplace.domain_errors import DomainError

MAX_LENGTH = 254  # what SMTP allows in a path
INVALID_MESSAGE = _l("Vul een geldig e-mailadres in, bijvoorbeeld naam@voorbeeld.nl.")


class InvalidEmail(DomainError, ValueError):
    """The text is not an e-mail address we can send to."""

    message = INVALID_MESSAGE
    status = 422


def normalise_email(email: str) -> str:
    """The address as we store it: checked, trimmed and in lower case.

    Raises InvalidEmail.
    """
    try:
        checked = validate_email(email.strip(), check_deliverability=False)
    except EmailNotValidError as error:
        raise InvalidEmail(str(error)) from error
    return checked.normalized.lower()


class EmailAddress:
    """Form validator: the field holds an address ``normalise_email`` accepts (empty is left
    to DataRequired or Optional)."""

    def __init__(self, message: Any = INVALID_MESSAGE) -> None:
        self.message = message

    def __call__(self, form: Any, field: Any) -> None:
        if not field.data:
            return
        try:
            normalise_email(field.data)
        except InvalidEmail as error:
            raise ValidationError(str(self.message)) from error
