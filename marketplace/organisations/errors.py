"""What can go wrong with organisations; the views turn these into messages."""

from __future__ import annotations


class OrganisationError(Exception):
    """Base class for the organisation rules below."""


class OrganisationNotPending(OrganisationError):
    """Only an organisation that waits for approval can be approved or rejected."""


class NoAccountForEmail(OrganisationError):
    """Staff must already have an account; nobody has this e-mail address."""


class AlreadyStaff(OrganisationError):
    """The person already works for this organisation."""


class NotStaff(OrganisationError):
    """The person does not work for this organisation."""


class LastCoordinator(OrganisationError):
    """An organisation keeps at least one coordinator."""
