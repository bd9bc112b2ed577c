"""The matchmaker's pages, on one blueprint: one request with its candidates and case log
(``requests``), the volunteer's answer to an invitation (``invitations``), and the
credentials an organisation recorded (``credentials``), and the credential each kind of help
needs, set by admins (``rules``)."""

from marketplace.matchmaking.views import credentials, invitations, requests, rules  # noqa: F401
from marketplace.matchmaking.views.blueprint import bp

__all__ = ["bp"]
