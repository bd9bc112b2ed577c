"""The agenda pages, on one blueprint: finding activities (``browsing``), signing up
(``signing_up``), organising (``organising``) and the moderator's queue (``moderating``)."""

from marketplace.agenda.views import (  # noqa: F401  (registers routes)
    browsing,
    company,
    feeds,
    moderating,
    on_behalf,
    organising,
    poster,
    signing_up,
)
from marketplace.agenda.views.blueprint import bp

__all__ = ["bp"]
