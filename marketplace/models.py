"""Imports every feature's models so SQLAlchemy and Alembic see the whole schema."""

from marketplace.accounts.models import RoleGrant, User
from marketplace.locks.models import TaskLock
from marketplace.matching.models import MatchRequest, MatchSuggestion
from marketplace.moderation.models import AuditEvent, Report
from marketplace.notifications.models import Notification
from marketplace.organisations.models import Membership, Organisation
from marketplace.postings.models import Category, Posting
from marketplace.profiles.models import Profile
from marketplace.responses.models import Message, Response

__all__ = [
    "AuditEvent",
    "Category",
    "MatchRequest",
    "MatchSuggestion",
    "Membership",
    "Message",
    "Notification",
    "Organisation",
    "Posting",
    "Profile",
    "Report",
    "Response",
    "RoleGrant",
    "TaskLock",
    "User",
]
