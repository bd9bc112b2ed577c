"""What can go wrong during an intake, a hand-over or a client invitation.

Each error carries a ``message`` in plain Dutch that the view can show as it is.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from marketplace.domain_errors import DomainError, FieldError


class IntakeError(DomainError):
    """Base class; ``message`` says what went wrong and what to do now."""


class NotStaff(IntakeError):
    """The person is not on the staff of this organisation (the view answers 403 or 404)."""

    message = _l("Dit kan alleen een medewerker van deze organisatie.")
    status = 403


class OrganisationNotApproved(IntakeError):
    message = _l(
        "Uw organisatie is nog niet goedgekeurd. Zodra dat is gebeurd, kunt u hulpvragen "
        "voor cliënten plaatsen."
    )


class InvalidClient(FieldError, IntakeError):
    """A client field breaks a rule; ``field`` names the form field it belongs to."""


class NotAccepted(IntakeError):
    message = _l("Spreek eerst de hulp af met deze vrijwilliger. Daarna kunt u het contact leggen.")


class NotForClient(IntakeError):
    message = _l("Deze oproep is niet voor een cliënt geplaatst. Er is niets over te dragen.")


class ConsentMissing(IntakeError):
    message = _l(
        "Vink aan dat de cliënt het goed vindt dat de vrijwilliger de naam en het "
        "telefoonnummer krijgt."
    )


class AlreadyHandedOver(IntakeError):
    message = _l("U heeft de vrijwilliger en de cliënt al met elkaar in contact gebracht.")


class InvalidInvite(IntakeError):
    message = _l(
        "Deze uitnodiging klopt niet of is verlopen. Vraag de organisatie om een nieuwe link."
    )


class InviteForOtherAddress(IntakeError):
    message = _l(
        "Deze uitnodiging is voor een ander e-mailadres. Log in met het adres waarop u de "
        "uitnodiging kreeg."
    )


class ClientAlreadyLinked(IntakeError):
    message = _l("Deze cliënt heeft al een eigen account op Buurthulp.")
