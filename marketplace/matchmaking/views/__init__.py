"""The matchmaker's pages, on one blueprint: one request with its candidates and case log
(``requests``), the volunteer's answer to an invitation (``invitations``), and the
credentials an organisation recorded (``credentials``)."""

from marketplace.matchmaking.views import credentials, invitations, requests  # noqa: F401
from marketplace.matchmaking.views.blueprint import bp

__all__ = ["bp"]
