"""Organisation pages: the public list and profiles, registration, admin approval,
staff and invitations, vacancies, the applicant pipeline, placed volunteers, and a
volunteer's own applications. One module per part; each adds its routes to ``bp``."""

from marketplace.organisations.views import (  # noqa: F401  (registers the routes)
    applicants,
    figures,
    own_applications,
    profile,
    public,
    registration,
    staff,
    vacancies,
)
from marketplace.organisations.views.blueprint import bp

__all__ = ["bp"]
