"""Moderation: reviewing postings, handling reports, blocking people.

Every decision leaves an ``AuditEvent``. Decisions change a row only if it is still in the
state the moderator saw (a conditional UPDATE), so when two moderators act on the same thing
at once exactly one decision counts and the author is told once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, CursorResult, Select, func, select, update
from sqlalchemy.orm import Session, selectinload

from marketplace import events
from marketplace.accounts.models import Role, User
from marketplace.accounts.permissions import PermissionDenied
from marketplace.accounts.sessions import end_all_sessions
from marketplace.audit import AuditEvent, record_audit
from marketplace.moderation.errors import (
    AlreadyBlocked,
    AlreadyReported,
    AuthorBlocked,
    CannotBlockUser,
    CannotReportYourself,
    NotBlocked,
    OwnPosting,
    PostingNotPending,
    PostingNotPublic,
    ReportAlreadyResolved,
)
from marketplace.moderation.models import Report
from marketplace.notifications.models import NotificationKind
from marketplace.notifications.services import notify, page_path
from marketplace.permissions import told_about
from marketplace.postings.models import Posting, PostingStatus
from marketplace.responses.models import Message
from marketplace.responses.services import is_participant
from marketplace.search import contains
from marketplace.timestamps import utcnow

VISIBLE_STATUSES = (PostingStatus.PUBLISHED, PostingStatus.MATCHED)

# The actions this module writes to the audit trail, in the order the filter lists them.
AUDIT_ACTIONS = (
    "posting.approve",
    "posting.reject",
    "posting.hide",
    "user.block",
    "user.unblock",
    "report.resolve",
)


# --- reading -------------------------------------------------------------------------------


def pending_postings_query() -> Select[Posting]:
    """Postings waiting for review, the longest waiting first."""
    return (
        select(Posting)
        .where(Posting.status == PostingStatus.PENDING)
        .options(selectinload(Posting.author).selectinload(User.profile))
        .options(selectinload(Posting.category))
        .order_by(func.coalesce(Posting.submitted_at, Posting.created_at), Posting.id)
    )


def open_reports_query() -> Select[Report]:
    """Reports nobody handled yet, the oldest first."""
    return (
        select(Report)
        .where(Report.resolved_at.is_(None))
        .options(
            selectinload(Report.reporter).selectinload(User.profile),
            selectinload(Report.reported_user).selectinload(User.profile),
            selectinload(Report.posting).selectinload(Posting.author).selectinload(User.profile),
            selectinload(Report.message).selectinload(Message.sender).selectinload(User.profile),
        )
        .order_by(Report.created_at, Report.id)
    )


def count_open_reports(session: Session) -> int:
    return session.scalar(select(func.count(Report.id)).where(Report.resolved_at.is_(None))) or 0


def audit_events_query(
    action: str | None = None, actor_email: str | None = None
) -> Select[AuditEvent]:
    """The audit trail, newest first; ``actor_email`` matches part of the address."""
    query = select(AuditEvent).options(selectinload(AuditEvent.actor).selectinload(User.profile))
    if action:
        query = query.where(AuditEvent.action == action)
    if actor_email:
        query = query.join(AuditEvent.actor).where(contains(User.email, actor_email.strip()))
    return query.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())


@dataclass(frozen=True)
class AuthorFacts:
    """What a moderator wants to know about who wrote a posting."""

    user: User
    member_for: timedelta
    earlier_rejections: int


def author_facts(session: Session, posting: Posting) -> AuthorFacts:
    author = posting.author
    earlier_rejections = session.scalar(
        select(func.count(Posting.id)).where(
            Posting.author_id == author.id,
            Posting.status == PostingStatus.REJECTED,
            Posting.id != posting.id,
        )
    )
    return AuthorFacts(
        user=author,
        member_for=utcnow() - author.created_at,
        earlier_rejections=earlier_rejections or 0,
    )


def is_own_posting(moderator: User, posting: Posting) -> bool:
    return posting.author_id == moderator.id


def reportable_posting(session: Session, posting_id: int) -> Posting | None:
    """A posting anyone can see, and so report; ``None`` for anything else."""
    posting = session.get(Posting, posting_id)
    if posting is None or not posting.is_public:
        return None
    return posting


def reportable_message(session: Session, reporter: User, message_id: int) -> Message | None:
    """A message in a conversation ``reporter`` takes part in; ``None`` for anything else."""
    message = session.get(Message, message_id)
    if message is None or not is_participant(session, reporter, message.response):
        return None
    return message


# --- deciding on postings ------------------------------------------------------------------


def approve_posting(session: Session, moderator: User, posting: Posting) -> Posting:
    """Publish a pending posting, ask the worker to match it and tell the author.

    Raises PermissionDenied (not a moderator), OwnPosting, AuthorBlocked, PostingNotPending.
    """
    _check_can_decide(moderator, posting)
    if posting.author.is_blocked:
        raise AuthorBlocked
    published_at = utcnow()
    if not _change_if(
        session,
        posting,
        [Posting.status == PostingStatus.PENDING],
        status=PostingStatus.PUBLISHED,
        published_at=published_at,
        rejection_reason=None,
    ):
        raise PostingNotPending
    events.posting_published.send(posting, session=session)
    return _tell_author(
        session,
        moderator,
        posting,
        "posting.approve",
        NotificationKind.POSTING_APPROVED,
        page_path("postings.detail", posting_id=posting.id),
        at=published_at,
    )


def reject_posting(session: Session, moderator: User, posting: Posting, reason: str) -> Posting:
    """Reject a pending posting; the author gets the reason and can edit and send it again.

    Raises PermissionDenied (not a moderator), OwnPosting, PostingNotPending.
    """
    _check_can_decide(moderator, posting)
    reason = reason.strip()
    if not _change_if(
        session,
        posting,
        [Posting.status == PostingStatus.PENDING],
        status=PostingStatus.REJECTED,
        rejection_reason=reason,
    ):
        raise PostingNotPending
    return _tell_author(
        session,
        moderator,
        posting,
        "posting.reject",
        NotificationKind.POSTING_REJECTED,
        page_path("postings.edit", posting_id=posting.id),
        reason=reason,
    )


def hide_posting(session: Session, moderator: User, posting: Posting, reason: str) -> Posting:
    """Take a public posting off the site; the author is told why.

    Raises PermissionDenied (not a moderator), OwnPosting, PostingNotPublic.
    """
    _check_can_decide(moderator, posting)
    reason = reason.strip()
    if not _change_if(
        session,
        posting,
        [Posting.status.in_(VISIBLE_STATUSES), Posting.is_hidden.is_(False)],
        is_hidden=True,
    ):
        raise PostingNotPublic
    return _tell_author(
        session,
        moderator,
        posting,
        "posting.hide",
        NotificationKind.POSTING_HIDDEN,
        page_path("postings.mine"),
        reason=reason,
    )


def _tell_author(
    session: Session,
    moderator: User,
    posting: Posting,
    action: str,
    kind: NotificationKind,
    link_path: str,
    reason: str | None = None,
    at: datetime | None = None,
) -> Posting:
    """The end of every decision on a posting: the author is told (with the moderator's
    reason, if any) and the audit trail records ``action``."""
    reason_context: dict[str, Any] = {} if reason is None else {"reason": reason}
    key = f"{kind.value}:{posting.id}:{(at or utcnow()).isoformat()}"
    notify(
        session,
        told_about(posting),
        kind,
        key,
        link_path=link_path,
        posting=posting,
        **reason_context,
    )
    record_audit(session, moderator, action, posting, reason)
    session.flush()
    return posting


def _check_can_decide(moderator: User, posting: Posting) -> None:
    _require_moderator(moderator)
    if is_own_posting(moderator, posting):
        raise OwnPosting


# --- blocking people -----------------------------------------------------------------------


def block_user(session: Session, moderator: User, user: User, reason: str) -> list[int]:
    """Block ``user``: they are logged out at once, cannot log in, and their public
    postings are hidden. Returns the ids of the postings hidden.

    Raises PermissionDenied (not a moderator), CannotBlockUser (yourself or an admin),
    AlreadyBlocked.
    """
    _require_moderator(moderator)
    if user.id == moderator.id or Role.ADMIN in user.roles:
        raise CannotBlockUser
    reason = reason.strip()
    if not _change_if(
        session,
        user,
        [User.is_blocked.is_(False)],
        is_blocked=True,
        blocked_at=utcnow(),
        blocked_reason=reason,
    ):
        raise AlreadyBlocked
    hidden_ids = list(
        session.scalars(
            select(Posting.id).where(
                Posting.author_id == user.id,
                Posting.status.in_(VISIBLE_STATUSES),
                Posting.is_hidden.is_(False),
            )
        )
    )
    if hidden_ids:
        session.execute(
            update(Posting)
            .where(Posting.id.in_(hidden_ids))
            .values(is_hidden=True)
            .execution_options(synchronize_session="fetch")
        )
    end_all_sessions(session, user)
    record_audit(session, moderator, "user.block", user, reason, hidden_posting_ids=hidden_ids)
    session.flush()
    return hidden_ids


def unblock_user(session: Session, moderator: User, user: User) -> User:
    """Let a blocked person log in again. Their hidden postings stay hidden.

    Raises PermissionDenied (not a moderator), NotBlocked.
    """
    _require_moderator(moderator)
    if not _change_if(
        session,
        user,
        [User.is_blocked.is_(True)],
        is_blocked=False,
        blocked_at=None,
        blocked_reason=None,
    ):
        raise NotBlocked
    record_audit(session, moderator, "user.unblock", user)
    session.flush()
    return user


# --- reports -------------------------------------------------------------------------------


def report(
    session: Session,
    reporter: User,
    *,
    posting: Posting | None = None,
    user: User | None = None,
    message: Message | None = None,
    reason: str,
) -> Report:
    """Flag exactly one posting, person or message for the moderators.

    Raises CannotReportYourself, AlreadyReported (an open report by the same person on the
    same thing), PermissionDenied (a posting nobody can see, or a message from a
    conversation ``reporter`` is not in).
    """
    targets = [t for t in (posting, user, message) if t is not None]
    if len(targets) != 1:
        raise ValueError("report exactly one posting, user or message")
    if posting is not None and not posting.is_public:
        raise PermissionDenied
    if message is not None and not is_participant(session, reporter, message.response):
        raise PermissionDenied
    subject_id = (
        posting.author_id if posting else user.id if user else cast(Message, message).sender_id
    )
    if subject_id == reporter.id:
        raise CannotReportYourself

    same_target: ColumnElement[bool]
    if posting is not None:
        same_target = Report.posting_id == posting.id
    elif user is not None:
        same_target = Report.reported_user_id == user.id
    else:
        same_target = Report.message_id == cast(Message, message).id
    already = session.scalar(
        select(Report.id).where(
            Report.reporter_id == reporter.id, Report.resolved_at.is_(None), same_target
        )
    )
    if already is not None:
        raise AlreadyReported

    new_report = Report(
        reporter=reporter,
        posting=posting,
        reported_user=user,
        message=message,
        reason=reason.strip(),
    )
    session.add(new_report)
    session.flush()
    return new_report


def resolve_report(session: Session, moderator: User, report: Report, resolution: str) -> Report:
    """Close a report with what was done about it.

    Raises PermissionDenied (not a moderator), OwnPosting (the report is about the
    moderator), ReportAlreadyResolved.
    """
    _require_moderator(moderator)
    subject = report.subject_user
    if subject is not None and subject.id == moderator.id:
        raise OwnPosting
    resolution = resolution.strip()
    if not _change_if(
        session,
        report,
        [Report.resolved_at.is_(None)],
        resolved_at=utcnow(),
        resolved_by_id=moderator.id,
        resolution=resolution,
    ):
        raise ReportAlreadyResolved
    record_audit(session, moderator, "report.resolve", report, resolution)
    session.flush()
    return report


# --- helpers -------------------------------------------------------------------------------


def _require_moderator(user: User) -> None:
    if not user.has_role(Role.MODERATOR):
        raise PermissionDenied


def _change_if(
    session: Session, instance: Any, conditions: list[ColumnElement[bool]], **values: Any
) -> bool:
    """Set ``values`` on ``instance`` only if ``conditions`` still hold in the database.

    Of two moderators deciding at the same moment, the second finds the row changed and
    gets ``False``: the database, not a read made earlier, decides who was first.
    """
    model = type(instance)
    session.flush()
    result = cast(
        CursorResult[Any],
        session.execute(
            update(model)
            .where(model.id == instance.id, *conditions)
            .values(**values)
            .execution_options(synchronize_session=False)
        ),
    )
    # reload what the UPDATE wrote (including columns with an onupdate default)
    session.expire(instance)
    return result.rowcount == 1
