"""What can go wrong when a person's data is erased; each error carries a ``message`` in
plain Dutch that the view can show as it is."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.domain_errors import DomainError


class MyDataError(DomainError):
    """Base class; ``message`` says what went wrong and what to do now."""


class WrongPassword(MyDataError):
    """The password given to confirm the erasure is not the person's password."""

    message = _l(
        "Dit is niet uw wachtwoord. Typ het wachtwoord waarmee u inlogt. Er is niets verwijderd."
    )


class AlreadyErased(MyDataError, message=_l("Dit account is al verwijderd.")): ...


class CannotEraseOwnAccountHere(MyDataError):
    """An admin tried to erase their own account through the admin pages."""

    message = _l(
        "Uw eigen account verwijdert u zelf, via Mijn gegevens. Hier verwijdert u alleen "
        "het account van iemand anders."
    )
