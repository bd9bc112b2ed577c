"""Imports every feature's models so SQLAlchemy and Alembic see the whole schema."""

from marketplace.accounts.blocks import ContactBlock
from marketplace.accounts.delegations import DelegatedAction, Delegation
from marketplace.accounts.memberships import Membership, Organisation
from marketplace.accounts.models import RoleGrant, User
from marketplace.accounts.sessions import UserSession
from marketplace.agenda.models import Activity, ActivitySignup, CompanionLink
from marketplace.audit import AuditEvent
from marketplace.categories import Category
from marketplace.escalation.models import Escalation
from marketplace.followups.models import FollowUp
from marketplace.home_visits.models import (
    HomeVisit,
    RoundAddress,
    VisitorQualification,
    VisitReport,
    VisitRound,
)
from marketplace.intake.models import Client, ClientInvite, HandOver
from marketplace.lasting_contact.models import CheckIn, LastingContact
from marketplace.locks.models import TaskLock
from marketplace.matching.models import MatchRequest, MatchSuggestion, VolunteerReach
from marketplace.matchmaking.models import (
    CaseNote,
    Credential,
    CredentialRequirement,
    CredentialRule,
    MatchmakerInvitation,
)
from marketplace.moderation.models import Report
from marketplace.notifications.models import Notification
from marketplace.organisations.models import (
    Application,
    ApplicationNote,
    Invitation,
    Reference,
    VacancyDetails,
    VolunteerHours,
)
from marketplace.postings.models import Posting
from marketplace.profiles.models import Profile
from marketplace.responses import milestones  # noqa: F401  (registers its session listener)
from marketplace.responses.models import Message, Response, ThankYouNote
from marketplace.signals.models import (
    Signal,
    SignalArea,
    SignalHandler,
    SignalNote,
    SignalRoute,
    SignalStatusChange,
)
from marketplace.sociale_kaart.models import (
    Accessibility,
    Attribute,
    CostOption,
    HsdsOrganization,
    Language,
    Location,
    Phone,
    Referral,
    Schedule,
    Service,
    ServiceAtLocation,
    TaxonomyTerm,
)

__all__ = [
    "Accessibility",
    "Activity",
    "ActivitySignup",
    "Application",
    "ApplicationNote",
    "Attribute",
    "AuditEvent",
    "CaseNote",
    "Category",
    "CheckIn",
    "Client",
    "ClientInvite",
    "CompanionLink",
    "ContactBlock",
    "CostOption",
    "Credential",
    "CredentialRequirement",
    "CredentialRule",
    "DelegatedAction",
    "Delegation",
    "Escalation",
    "FollowUp",
    "HandOver",
    "HomeVisit",
    "HsdsOrganization",
    "Invitation",
    "Language",
    "LastingContact",
    "Location",
    "MatchRequest",
    "MatchSuggestion",
    "MatchmakerInvitation",
    "Membership",
    "Message",
    "Notification",
    "Organisation",
    "Phone",
    "Posting",
    "Profile",
    "Reference",
    "Referral",
    "Report",
    "Response",
    "RoleGrant",
    "RoundAddress",
    "Schedule",
    "Service",
    "ServiceAtLocation",
    "Signal",
    "SignalArea",
    "SignalHandler",
    "SignalNote",
    "SignalRoute",
    "SignalStatusChange",
    "TaskLock",
    "TaxonomyTerm",
    "ThankYouNote",
    "User",
    "UserSession",
    "VacancyDetails",
    "VisitReport",
    "VisitRound",
    "VisitorQualification",
    "VolunteerHours",
    "VolunteerReach",
]
