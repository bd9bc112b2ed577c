"""The kaart's pages, on one blueprint: finding services (``public``, for everyone), the
HSDS API and export (``api``), the helpdesk page and the administrator's import (``staff``),
staff keeping their services right, moderation and the taxonomy (``upkeep``)."""

from marketplace.sociale_kaart.views import api, public, referring, staff, upkeep  # noqa: F401  (registers routes)
from marketplace.sociale_kaart.views.blueprint import bp

__all__ = ["bp"]
