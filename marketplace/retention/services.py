"""The purges that enforce ``policy.RULES``: one function per rule, each doing one batch.

Each purge takes the session, the moment it counts back from (``now``; tests move it
forward) and a batch size, changes at most that many rows or files, flushes, and returns
how many it changed. The beat task (``worker.housekeeping.enforce_retention``) calls each
one until it returns 0, committing after every batch, so a long run holds no long
transaction and a killed run keeps what it finished. Idempotent by state: what a purge
changed no longer matches its query, so a second run changes nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import Any

from flask import current_app
from sqlalchemy import (
    ColumnElement,
    Exists,
    Select,
    and_,
    delete,
    exists,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.orm import Session

from marketplace.accounts.memberships import Membership
from marketplace.accounts.models import RoleGrant, User
from marketplace.accounts.sessions import purge_expired_sessions
from marketplace.agenda.models import ActivitySignup
from marketplace.audit import AuditEvent
from marketplace.escalation.models import Escalation
from marketplace.home_visits.models import HomeVisit, RoundAddress, VisitReport, VisitRound
from marketplace.intake.models import Client, ClientInvite
from marketplace.matching.models import MatchRequest, MatchSuggestion
from marketplace.matchmaking.models import CaseNote
from marketplace.moderation.models import Report
from marketplace.my_data.erasure import anonymise_posting, erase_account, erase_client_record
from marketplace.notifications.models import Notification, NotificationKind, NotificationStatus
from marketplace.notifications.services import notify, page_path
from marketplace.organisations.models import Invitation
from marketplace.postings.models import Posting, PostingStatus
from marketplace.responses.models import Message, Response, ThankYouNote
from marketplace.retention import policy
from marketplace.security_log import log_security_event, security_log_dir
from marketplace.signals.models import ERASED_SIGNAL_VALUES, Signal, SignalNote, SignalStatus
from marketplace.timestamps import LOCAL_TIME, local_today

log = logging.getLogger(__name__)

BATCH_SIZE = 500
# A safety stop: a purge that kept finding work would otherwise never end.
MAX_BATCHES = 10_000

Purge = Callable[[Session, datetime, int], int]

ENDED = (PostingStatus.CLOSED, PostingStatus.EXPIRED, PostingStatus.REJECTED)
STILL_RUNNING = (
    PostingStatus.DRAFT,
    PostingStatus.PENDING,
    PostingStatus.PUBLISHED,
    PostingStatus.MATCHED,
)


def _ids(session: Session, query: Select[int], limit: int) -> list[int]:
    return list(session.scalars(query.limit(limit)))


# -- clearing text -----------------------------------------------------------------------------


# Where conversations keep text, in the order the purge clears them: (table, text column).
CONVERSATION_TEXT = (
    (Message, "body"),
    (Response, "message"),
    (ThankYouNote, "body"),
)


def purge_message_bodies(session: Session, now: datetime, limit: int) -> int:
    """Wipe the text of messages, responses and thank-yous older than MESSAGE_BODIES, one
    batch of one table per call. The rows stay, so a conversation still shows who wrote
    when."""
    cutoff = now - policy.MESSAGE_BODIES
    for model, column in CONVERSATION_TEXT:
        wiped = _wipe_text(session, model, column, cutoff, limit)
        if wiped:
            return wiped
    return 0


def _wipe_text(session: Session, model: Any, column: str, cutoff: datetime, limit: int) -> int:
    """Empty ``column`` of at most ``limit`` rows of ``model`` made before ``cutoff``."""
    ids = _ids(
        session,
        select(model.id)
        .where(model.created_at < cutoff, getattr(model, column) != "")
        .order_by(model.id),
        limit,
    )
    if ids:
        session.execute(update(model).where(model.id.in_(ids)).values({column: ""}))
    return len(ids)


def purge_notification_content(session: Session, now: datetime, limit: int) -> int:
    """Wipe subject, text and address of notifications older than NOTIFICATION_CONTENT that
    are no longer on their way. The row (and its idempotency key) stays, so the same notice
    is never sent again; it leaves the person's notification list."""
    ids = _ids(
        session,
        select(Notification.id)
        .where(
            Notification.created_at < now - policy.NOTIFICATION_CONTENT,
            Notification.status.not_in((NotificationStatus.PENDING, NotificationStatus.SENDING)),
            or_(Notification.body != "", Notification.to_email != ""),
        )
        .order_by(Notification.id),
        limit,
    )
    if ids:
        session.execute(
            update(Notification)
            .where(Notification.id.in_(ids))
            .values(
                subject="", body="", to_email="", link_path=None, last_error=None, show_in_app=False
            )
        )
    return len(ids)


def purge_ended_postings(session: Session, now: datetime, limit: int) -> int:
    """Anonymise postings closed, expired or rejected more than ENDED_POSTINGS ago, the way
    an erasure does (``my_data.erasure.anonymise_posting``: the title becomes the kind of
    help; no text, note, client or full postcode remains), and round the coordinates to
    about a kilometre. The wijk, kind, category, status and dates stay for the
    municipality's figures. ``anonymised_at`` marks the work done."""
    ended_at = func.coalesce(Posting.closed_at, Posting.expired_at, Posting.updated_at)
    postings = session.scalars(
        select(Posting)
        .where(
            Posting.status.in_(ENDED),
            Posting.anonymised_at.is_(None),
            ended_at < now - policy.ENDED_POSTINGS,
        )
        .order_by(Posting.id)
        .limit(limit)
    ).all()
    for posting in postings:
        anonymise_posting(posting)
        posting.lat = round(posting.lat, 2)
        posting.lon = round(posting.lon, 2)
        posting.anonymised_at = now
    if postings:
        session.execute(
            update(Escalation)
            .where(Escalation.posting_id.in_([p.id for p in postings]))
            .values(claimed_by_user_id=None)
        )
    session.flush()
    return len(postings)


# -- deleting rows -----------------------------------------------------------------------------


def purge_drafts(session: Session, now: datetime, limit: int) -> int:
    """Delete drafts nobody changed for DRAFTS. Rows that hang off a posting (suggestions,
    reports, vacancy details) go with it by their ON DELETE CASCADE."""
    ids = _ids(
        session,
        select(Posting.id)
        .where(
            Posting.status == PostingStatus.DRAFT,
            Posting.updated_at < now - policy.DRAFTS,
            ~exists().where(Response.posting_id == Posting.id),
        )
        .order_by(Posting.id),
        limit,
    )
    if ids:
        session.execute(delete(Posting).where(Posting.id.in_(ids)))
    return len(ids)


def purge_unconfirmed_accounts(session: Session, now: datetime, limit: int) -> int:
    """Erase accounts whose e-mail address was not confirmed within UNCONFIRMED_ACCOUNTS,
    with the account erasure (``my_data.erasure.erase_account``: an empty tombstone
    stays, nothing personal). Accounts with a role are left for an admin to decide."""
    users = session.scalars(
        select(User)
        .where(
            User.email_confirmed_at.is_(None),
            User.erased_at.is_(None),
            User.created_at < now - policy.UNCONFIRMED_ACCOUNTS,
            ~exists().where(RoleGrant.user_id == User.id),
        )
        .order_by(User.id)
        .limit(limit)
    ).all()
    for user in users:
        erase_account(session, user)
    return len(users)


def _last_seen() -> ColumnElement[datetime]:
    return func.coalesce(User.last_login_at, User.created_at)


def dormant_accounts_query(now: datetime) -> Select[User]:
    """Accounts nobody logged in to for DORMANT_ACCOUNTS (or since sign-up, if never).

    Not accounts with a role or a membership of an organisation: other people's work hangs
    on those (see ``kept_dormant_accounts``), nor blocked accounts (moderation keeps them),
    nor unconfirmed ones (their own, shorter rule)."""
    return (
        select(User)
        .where(
            User.erased_at.is_(None),
            User.is_blocked.is_(False),
            User.email_confirmed_at.is_not(None),
            _last_seen() < now - policy.DORMANT_ACCOUNTS,
            ~exists().where(RoleGrant.user_id == User.id),
            ~exists().where(Membership.user_id == User.id),
        )
        .order_by(User.id)
    )


def _warned(before: datetime | None = None) -> Exists:
    """A warning mail about dormancy went out after the person's last log-in."""
    conditions = [
        Notification.recipient_id == User.id,
        Notification.kind == NotificationKind.DORMANT_ACCOUNT,
        Notification.created_at > _last_seen(),
    ]
    if before is not None:
        conditions.append(Notification.created_at <= before)
    return exists().where(*conditions)


def purge_dormant_accounts(session: Session, now: datetime, limit: int) -> int:
    """Two steps per account, a month apart. After DORMANT_ACCOUNTS without a log-in the
    person gets a mail ("Wij verwijderen uw account over een maand, tenzij u inlogt");
    DORMANT_WARNING after that mail, still without a log-in, the account is erased
    (``my_data.erasure.erase_account``). A log-in in between starts the clock again: the
    old warning then predates the log-in and no longer counts. Idempotent: a warned
    account is not mailed again, an erased one no longer matches."""
    due = session.scalars(
        dormant_accounts_query(now).where(_warned(before=now - policy.DORMANT_WARNING)).limit(limit)
    ).all()
    for user in due:
        erase_account(session, user)
        log_security_event("retention.dormant_account_erased", user_id=user.id)
    if due:
        return len(due)
    to_warn = session.scalars(dormant_accounts_query(now).where(~_warned()).limit(limit)).all()
    for user in to_warn:
        seen = user.last_login_at or user.created_at
        warning = notify(
            session,
            user,
            NotificationKind.DORMANT_ACCOUNT,
            f"dormant_account:{user.id}:{seen.isoformat()}",
            link_path=page_path("accounts.login"),
            erase_on=local_today(now + policy.DORMANT_WARNING),
        )
        warning.created_at = now  # the month is counted on the task's clock
    return len(to_warn)


def kept_dormant_accounts(session: Session, now: datetime) -> list[User]:
    """Dormant accounts the task leaves alone because they have a role or work for an
    organisation: for an admin to look at and decide on by hand."""
    return list(
        session.scalars(
            select(User)
            .where(
                User.erased_at.is_(None),
                _last_seen() < now - policy.DORMANT_ACCOUNTS,
                or_(
                    exists().where(RoleGrant.user_id == User.id),
                    exists().where(Membership.user_id == User.id),
                ),
            )
            .order_by(User.id)
        )
    )


def purge_client_records(session: Session, now: datetime, limit: int) -> int:
    """Erase client records CLIENT_RECORDS after the relationship ended: no request for the
    client still runs or ended within the period, and the record itself was not changed
    within it. Done as staff would (``my_data.erasure.erase_client_record``): invitations
    and hand-overs go with it, the requests stay without the client."""
    cutoff = now - policy.CLIENT_RECORDS
    recent_or_running = exists().where(
        Posting.client_id == Client.id,
        or_(Posting.status.in_(STILL_RUNNING), Posting.updated_at >= cutoff),
    )
    clients = session.scalars(
        select(Client)
        .where(Client.updated_at < cutoff, Client.created_at < cutoff, ~recent_or_running)
        .order_by(Client.id)
        .limit(limit)
    ).all()
    for client in clients:
        erase_client_record(session, client)
    if clients:
        log_security_event("retention.client_records_erased", count=len(clients))
    return len(clients)


def _delete_where(session: Session, model: type, limit: int, *conditions: object) -> int:
    key = model.id  # type: ignore[attr-defined]
    ids = _ids(session, select(key).where(*conditions).order_by(key), limit)  # type: ignore[arg-type]
    if ids:
        session.execute(delete(model).where(key.in_(ids)))
    return len(ids)


def purge_client_invites(session: Session, now: datetime, limit: int) -> int:
    return _delete_where(
        session, ClientInvite, limit, ClientInvite.created_at < now - policy.CLIENT_INVITES
    )


def purge_organisation_invitations(session: Session, now: datetime, limit: int) -> int:
    done_at = func.coalesce(Invitation.accepted_at, Invitation.revoked_at, Invitation.expires_at)
    return _delete_where(
        session, Invitation, limit, done_at < now - policy.ORGANISATION_INVITATIONS
    )


def purge_match_suggestions(session: Session, now: datetime, limit: int) -> int:
    """Old suggestions for postings no longer open (an open one would be matched again)."""
    still_open = exists().where(
        Posting.id == MatchSuggestion.posting_id, Posting.status.in_(STILL_RUNNING)
    )
    return _delete_where(
        session,
        MatchSuggestion,
        limit,
        MatchSuggestion.created_at < now - policy.MATCH_SUGGESTIONS,
        ~still_open,
    )


def purge_match_requests(session: Session, now: datetime, limit: int) -> int:
    return _delete_where(
        session, MatchRequest, limit, MatchRequest.completed_at < now - policy.MATCH_REQUESTS
    )


def purge_activity_signups(session: Session, now: datetime, limit: int) -> int:
    last_day = local_today(now) - policy.ACTIVITY_SIGNUPS
    return _delete_where(session, ActivitySignup, limit, ActivitySignup.occurs_on < last_day)


def purge_case_notes(session: Session, now: datetime, limit: int) -> int:
    return _delete_where(session, CaseNote, limit, CaseNote.created_at < now - policy.CASE_NOTES)


def purge_resolved_reports(session: Session, now: datetime, limit: int) -> int:
    return _delete_where(session, Report, limit, Report.resolved_at < now - policy.RESOLVED_REPORTS)


def purge_audit_events(session: Session, now: datetime, limit: int) -> int:
    return _delete_where(
        session, AuditEvent, limit, AuditEvent.created_at < now - policy.AUDIT_EVENTS
    )


def purge_ended_sessions(session: Session, now: datetime, limit: int) -> int:
    """Log-in sessions past their idle or absolute limit (marketplace.accounts.sessions)."""
    return purge_expired_sessions(session, now)


# -- files -------------------------------------------------------------------------------------


def _local_day(name: str, prefix: str) -> date | None:
    try:
        return date.fromisoformat(name.removeprefix(prefix).split(".", 1)[0])
    except ValueError:
        return None


def purge_security_log(session: Session, now: datetime, limit: int) -> int:
    """Delete whole days of the security log older than SECURITY_LOG (the file's name is
    Rotterdam's day, see marketplace.security_log)."""
    directory = security_log_dir()
    if not directory.is_dir():
        return 0
    first_kept = local_today(now - policy.SECURITY_LOG)
    removed = 0
    for path in sorted(directory.glob("security-*.jsonl")):
        day = _local_day(path.name, "security-")
        if day is not None and day < first_kept and removed < limit:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def mail_outbox_dir() -> Path | None:
    directory = current_app.config.get("MAIL_OUTBOX_DIR")
    return Path(directory) if directory else None


def purge_mail_files(session: Session, now: datetime, limit: int) -> int:
    """Delete mail files (written only when no SMTP server is set) older than MAIL_FILES."""
    directory = mail_outbox_dir()
    if directory is None or not directory.is_dir():
        return 0
    cutoff = (now - policy.MAIL_FILES).timestamp()
    removed = 0
    for path in directory.glob("*.eml"):
        if removed >= limit:
            break
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def home_visit_period() -> Any:
    """HOME_VISITS, or HOME_VISIT_RETENTION_MONTHS months when that is set."""
    months = current_app.config.get("HOME_VISIT_RETENTION_MONTHS")
    return policy.MONTH * int(months) if months else policy.HOME_VISITS


def purge_home_visits(session: Session, now: datetime, limit: int) -> int:
    """Addresses and reports of rounds that ended longer than the period ago (a round
    without an end date ends on 31 December of its year), and reports of visits outside a
    round written that long ago. The visits stay, without address or visitor, as numbers in
    the progress per wijk."""
    cutoff = now - home_visit_period()
    cutoff_day = cutoff.astimezone(LOCAL_TIME).date()
    ended_rounds = select(VisitRound.id).where(
        or_(
            VisitRound.ended_on < cutoff_day,
            and_(VisitRound.ended_on.is_(None), VisitRound.year < cutoff_day.year),
        )
    )
    report_ids = _ids(
        session,
        select(VisitReport.id)
        .join(HomeVisit, HomeVisit.id == VisitReport.visit_id)
        .where(
            or_(
                HomeVisit.round_id.in_(ended_rounds),
                and_(HomeVisit.round_id.is_(None), VisitReport.written_at < cutoff),
            )
        )
        .order_by(VisitReport.id),
        limit,
    )
    if report_ids:
        session.execute(delete(VisitReport).where(VisitReport.id.in_(report_ids)))
    address_ids = _ids(
        session,
        select(RoundAddress.id)
        .where(RoundAddress.round_id.in_(ended_rounds))
        .order_by(RoundAddress.id),
        limit,
    )
    if address_ids:
        session.execute(
            update(HomeVisit)
            .where(HomeVisit.address_id.in_(address_ids))
            .values(address_id=None, visitor_id=None)
        )
        session.execute(delete(RoundAddress).where(RoundAddress.id.in_(address_ids)))
    if report_ids or address_ids:
        log_security_event(
            "retention.home_visits_erased", reports=len(report_ids), addresses=len(address_ids)
        )
    return len(report_ids) + len(address_ids)


def purge_closed_signals(session: Session, now: datetime, limit: int) -> int:
    """Erase what a closed signal says about people, ``SIGNAL_RETENTION_MONTHS`` after it
    was closed: the address, the texts, the reporter's details and link, the notes. The
    row stays with its wijk, dates and outcome (the municipality's figures) and its status
    history (who of the staff did what)."""
    months = current_app.config.get("SIGNAL_RETENTION_MONTHS", 12)
    cutoff = now - months * policy.MONTH
    ids = _ids(
        session,
        select(Signal.id)
        .where(
            Signal.status == SignalStatus.CLOSED,
            Signal.closed_at < cutoff,
            Signal.erased_at.is_(None),
        )
        .order_by(Signal.id),
        limit,
    )
    if not ids:
        return 0
    session.execute(delete(SignalNote).where(SignalNote.signal_id.in_(ids)))
    session.execute(
        update(Signal)
        .where(Signal.id.in_(ids))
        .values(
            **ERASED_SIGNAL_VALUES,
            erased_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    return len(ids)


PURGES: dict[str, Purge] = {
    "unconfirmed_accounts": purge_unconfirmed_accounts,
    "dormant_accounts": purge_dormant_accounts,
    "ended_sessions": purge_ended_sessions,
    "drafts": purge_drafts,
    "ended_postings": purge_ended_postings,
    "message_bodies": purge_message_bodies,
    "notification_content": purge_notification_content,
    "match_suggestions": purge_match_suggestions,
    "match_requests": purge_match_requests,
    "resolved_reports": purge_resolved_reports,
    "audit_events": purge_audit_events,
    "security_log": purge_security_log,
    "mail_files": purge_mail_files,
    "client_records": purge_client_records,
    "client_invites": purge_client_invites,
    "organisation_invitations": purge_organisation_invitations,
    "home_visits": purge_home_visits,
    "closed_signals": purge_closed_signals,
    "activity_signups": purge_activity_signups,
    "case_notes": purge_case_notes,
}


def enforce_retention(
    session: Session,
    now: datetime,
    commit: Callable[[], None],
    batch_size: int | None = None,
) -> dict[str, int]:
    """Run every purge batch by batch, calling ``commit`` after each batch; returns how many
    rows or files each rule changed."""
    size = batch_size or BATCH_SIZE
    done: dict[str, int] = {}
    for name, purge in PURGES.items():
        total = 0
        for _ in range(MAX_BATCHES):
            count = purge(session, now, size)
            session.flush()
            commit()
            total += count
            if count == 0:
                break
        done[name] = total
        if total:
            log.info("retention: %s changed %s", name, total)
    return done
