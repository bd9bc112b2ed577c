"""What can go wrong with organisations; the views turn these into messages."""

from __future__ import annotations

from marketplace.domain_errors import DomainError
from marketplace.responses import errors as responses_errors


class OrganisationError(DomainError):
    """Base class for the organisation rules below."""


class OrganisationNotPending(OrganisationError):
    """Only an organisation that waits for approval can be approved or rejected."""


class AlreadyStaff(OrganisationError):
    """The person already works for this organisation."""


class NotStaff(OrganisationError):
    """The person does not work for this organisation (we do not say who does: 404)."""

    status = 404


class LastCoordinator(OrganisationError):
    """An organisation keeps at least one coordinator."""


class InvalidLogo(OrganisationError):
    """The uploaded logo is not a PNG, JPEG or WebP picture of at most 1 MB."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "type", "size" or "pixels"


class OrganisationNotApproved(OrganisationError):
    """Until an administrator approves the organisation, it e-mails nobody: no invitations,
    no messages or news to applicants. Otherwise anyone could register an organisation
    and use Buurthulp to send mail in its name."""

    message = responses_errors.OrganisationNotApproved.message  # the same rule, said once


class InvitationInvalid(OrganisationError):
    """The invitation link is unknown, revoked or already used."""


class InvitationExpired(OrganisationError):
    """The invitation is older than its expiry time."""


class InvitationForOtherAccount(OrganisationError):
    """The invitation was sent to another e-mail address than the logged-in person's."""

    status = 403

    def __init__(self, email: str) -> None:
        super().__init__(email)
        self.email = email


class InvitationPending(OrganisationError):
    """An invitation for this address is already waiting to be accepted."""


class TransitionNotAllowed(OrganisationError):
    """An application cannot move from its current status to the one asked for."""


class NotPlaced(OrganisationError):
    """Hours and references are only for volunteers who were placed."""
