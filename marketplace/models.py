"""Imports every feature's models so SQLAlchemy and Alembic see the whole schema."""

from marketplace.accounts.models import RoleGrant, User
from marketplace.escalation.models import Escalation
from marketplace.followups.models import FollowUp
from marketplace.intake.models import Client, ClientInvite, HandOver
from marketplace.locks.models import TaskLock
from marketplace.matching.models import MatchRequest, MatchSuggestion, VolunteerReach
from marketplace.moderation.models import AuditEvent, Report
from marketplace.notifications.models import Notification
from marketplace.organisations.models import (
    Application,
    ApplicationNote,
    Invitation,
    Membership,
    Organisation,
    Reference,
    VacancyDetails,
    VolunteerHours,
)
from marketplace.postings.models import Category, Posting
from marketplace.profiles.models import Profile
from marketplace.responses import milestones  # noqa: F401  (registers its session listener)
from marketplace.responses.models import Message, Response

__all__ = [
    "Application",
    "ApplicationNote",
    "AuditEvent",
    "Category",
    "Client",
    "ClientInvite",
    "Escalation",
    "FollowUp",
    "HandOver",
    "Invitation",
    "MatchRequest",
    "MatchSuggestion",
    "Membership",
    "Message",
    "Notification",
    "Organisation",
    "Posting",
    "Profile",
    "Reference",
    "Report",
    "Response",
    "RoleGrant",
    "TaskLock",
    "User",
    "VacancyDetails",
    "VolunteerHours",
    "VolunteerReach",
]
