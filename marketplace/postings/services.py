"""The rules for postings: who may post and change one, and how its status moves (what a
valid posting is lives in validation.py).

draft -> pending -> published -> (matched | closed | expired), or rejected with a reason.
Every new or edited posting waits for a moderator (``pending``) before anyone else sees it.
Services flush and never commit; the view or task that called them commits once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import Session, joinedload

from marketplace import events
from marketplace.accounts.delegations import Scope
from marketplace.accounts.errors import InvalidToken
from marketplace.accounts.memberships import Organisation
from marketplace.accounts.models import User
from marketplace.accounts.tokens import make_token, read_token
from marketplace.audit import record_audit
from marketplace.notifications.models import NotificationKind
from marketplace.notifications.services import notify, page_path, page_url
from marketplace.permissions import manages, may_see, staff_of, told_about
from marketplace.postings.errors import (
    InvalidPosting,
    NeedsNewDate,
    PermissionDenied,
    WrongPostingStatus,
)
from marketplace.postings.models import Posting, PostingKind, PostingStatus, Timing
from marketplace.postings.validation import (
    DEFAULT_RUNTIME,
    PostingData,
    check_may_post,
    validated_fields,
)
from marketplace.timestamps import local_today, utcnow

EDITABLE = frozenset(
    {
        PostingStatus.DRAFT,
        PostingStatus.PENDING,
        PostingStatus.PUBLISHED,
        PostingStatus.REJECTED,
        PostingStatus.CLOSED,
        PostingStatus.EXPIRED,
    }
)
CLOSABLE = frozenset(
    {
        PostingStatus.DRAFT,
        PostingStatus.PENDING,
        PostingStatus.PUBLISHED,
        PostingStatus.MATCHED,
        PostingStatus.REJECTED,
    }
)
RENEWABLE = frozenset({PostingStatus.CLOSED, PostingStatus.EXPIRED})
# The one-click renew link in the expiry e-mail works this long, without logging in.
RENEW_PURPOSE = "renew"
RENEW_LINK_MAX_AGE = timedelta(days=30)


# -- reading ---------------------------------------------------------------------------------


def _load(session: Session, posting_id: int) -> Posting | None:
    """One posting with what its page shows, so templates trigger no queries."""
    return session.scalar(
        select(Posting)
        .options(joinedload(Posting.category), joinedload(Posting.organisation))
        .where(Posting.id == posting_id)
    )


def get_visible_posting(session: Session, posting_id: int, viewer: User | None) -> Posting | None:
    posting = _load(session, posting_id)
    return posting if posting is not None and may_see(session, posting, viewer) else None


def get_managed_posting(session: Session, posting_id: int, user: User) -> Posting | None:
    """The posting if ``user`` may change it (``permissions.manages`` with the "post"
    consent for a request made for someone); None otherwise (the view answers 404)."""
    posting = _load(session, posting_id)
    return posting if posting is not None and manages(session, user, posting, Scope.POST) else None


def latest_public_postings(session: Session, limit: int) -> Sequence[Posting]:
    today = local_today()
    return session.scalars(
        select(Posting)
        .options(joinedload(Posting.category), joinedload(Posting.organisation))
        .where(Posting.status == PostingStatus.PUBLISHED, Posting.is_hidden.is_(False))
        .where(or_(Posting.ends_on.is_(None), Posting.ends_on >= today))
        .order_by(Posting.published_at.desc(), Posting.id.desc())
        .limit(limit)
    ).all()


def can_edit(posting: Posting) -> bool:
    return posting.status in EDITABLE


def can_close(posting: Posting) -> bool:
    return posting.status in CLOSABLE


def can_renew(posting: Posting) -> bool:
    return posting.status in RENEWABLE


# -- writing ---------------------------------------------------------------------------------


def _check_manager(session: Session, posting: Posting, actor: User) -> None:
    # Editing, closing and renewing a request made for someone needs running consent to post.
    if not manages(session, actor, posting, Scope.POST):
        raise PermissionDenied("only the author or their colleagues may change a posting")


def create_posting(
    session: Session,
    author: User,
    data: PostingData,
    organisation: Organisation | None = None,
    on_behalf_of: str | None = None,
    *,
    today: date | None = None,
) -> Posting:
    """Submit a new posting for moderation (status ``pending``).

    Raises PermissionDenied (EmailNotConfirmed, blocked author, not staff of ``organisation``),
    InvalidPosting (a rule on a field), InvalidPostcode / UnknownPostcode (marketplace.geo).
    """
    today = today or local_today()
    check_may_post(author)
    if data.kind not in (PostingKind.REQUEST, PostingKind.OFFER, PostingKind.VACANCY):
        raise InvalidPosting("kind", _l("Kies of u hulp zoekt of hulp aanbiedt."))
    if data.kind == PostingKind.VACANCY and organisation is None:
        raise PermissionDenied("a vacancy belongs to an organisation")
    if organisation is not None and (
        not organisation.is_approved or not staff_of(session, author, organisation.id)
    ):
        raise PermissionDenied("only staff of an approved organisation post for it")
    values = validated_fields(session, author, data, data.kind, today)
    posting = Posting(
        kind=data.kind,
        author=author,
        organisation=organisation,
        on_behalf_of=(on_behalf_of or "").strip()[:80] or None,
        status=PostingStatus.PENDING,
        submitted_at=utcnow(),
        **values,
    )
    session.add(posting)
    session.flush()
    return posting


def edit_posting(
    session: Session, actor: User, posting: Posting, data: PostingData, *, today: date | None = None
) -> Posting:
    """Change a posting; it goes back to ``pending`` for a moderator to look at again.

    ``data.kind`` is ignored: a request stays a request. Raises PermissionDenied (not the
    author or a colleague, or blocked), WrongPostingStatus (matched), InvalidPosting,
    InvalidPostcode, UnknownPostcode.
    """
    today = today or local_today()
    _check_manager(session, posting, actor)
    check_may_post(actor)
    if not can_edit(posting):
        raise WrongPostingStatus(_l("Deze oproep kunt u niet meer wijzigen."))
    values = validated_fields(session, posting.author, data, posting.kind, today)
    was = posting.status
    for name, value in values.items():
        setattr(posting, name, value)
    posting.status = PostingStatus.PENDING
    posting.submitted_at = utcnow()
    posting.rejection_reason = None
    posting.published_at = posting.closed_at = posting.expired_at = None
    record_audit(session, actor, "posting.edit", posting, previous_status=str(was))
    session.flush()
    return posting


def close_posting(session: Session, actor: User, posting: Posting) -> Posting:
    """The author ends the posting: nobody can respond any more.

    Raises PermissionDenied (not the author or a colleague), WrongPostingStatus (already
    closed or expired).
    """
    _check_manager(session, posting, actor)
    if not can_close(posting):
        raise WrongPostingStatus(_l("Deze oproep is al afgesloten of verlopen."))
    posting.status = PostingStatus.CLOSED
    posting.closed_at = utcnow()
    session.flush()
    return posting


def renew_posting(
    session: Session, actor: User, posting: Posting, *, today: date | None = None
) -> Posting:
    """Put a closed or expired posting up again for 30 days.

    An expired posting goes straight back to ``published``: it expired only because time
    passed, its text is exactly what a moderator approved (editing moves a posting to
    ``pending``), and a person who still needs help should not wait another day for a check
    of words that were already checked. It is matched again at once and the step is in the
    audit log. A closed posting may never have been approved (drafts and rejected postings
    can be closed), so it waits for a moderator (``pending``), as does a hidden one.

    Raises PermissionDenied (not the author or a colleague, or blocked), WrongPostingStatus
    (not closed or expired), NeedsNewDate (a one-off posting whose date has passed: edit it
    instead).
    """
    today = today or local_today()
    _check_manager(session, posting, actor)
    check_may_post(actor)
    if not can_renew(posting):
        raise WrongPostingStatus(_l("Alleen een afgesloten of verlopen oproep kunt u verlengen."))
    if posting.timing == Timing.ONCE and posting.once_on is not None and posting.once_on < today:
        raise NeedsNewDate(_l("De datum van deze oproep is voorbij. Kies een nieuwe datum."))
    default_end = today + DEFAULT_RUNTIME
    posting.ends_on = max(default_end, posting.once_on) if posting.once_on else default_end
    posting.rejection_reason = None
    posting.closed_at = posting.expired_at = None
    if posting.status == PostingStatus.EXPIRED and not posting.is_hidden:
        posting.status = PostingStatus.PUBLISHED
        posting.published_at = utcnow()
        session.flush()
        events.posting_published.send(posting, session=session)
        record_audit(session, actor, "posting.renew", posting, republished=True)
    else:
        posting.status = PostingStatus.PENDING
        posting.submitted_at = utcnow()
        posting.published_at = None
    session.flush()
    return posting


# A request back in matching after its helper dropped out stays open at least this long.
REOPENED_RUNTIME = timedelta(days=14)


def reopen_request(session: Session, posting: Posting, now: datetime | None = None) -> bool:
    """A matched request whose helper dropped out (a follow-up said "no", or the helper
    withdrew) looks for someone else: published again, with a new publication moment (new
    matching, escalation starts over) and at least REOPENED_RUNTIME to run. Sends
    ``posting_published``. Anything else (an offer, a closed or hidden posting) stays as it
    is. Returns whether the request was reopened. Flushes."""
    if (
        posting.kind != PostingKind.REQUEST
        or posting.status != PostingStatus.MATCHED
        or posting.is_hidden
    ):
        return False
    now = now or utcnow()
    posting.status = PostingStatus.PUBLISHED
    posting.matched_at = None
    posting.published_at = now
    minimum_end = local_today(now) + REOPENED_RUNTIME
    if posting.ends_on is None or posting.ends_on < minimum_end:
        posting.ends_on = minimum_end
    session.flush()
    events.posting_published.send(posting, session=session)
    return True


def is_republished(posting: Posting) -> bool:
    """After ``renew_posting``: did it go straight back up (True) or wait for a moderator?"""
    return posting.status == PostingStatus.PUBLISHED


def renew_token(posting: Posting) -> str:
    """The signed part of the one-click renew link. It names the end date that passed, so
    it stops working once the posting was renewed (and a later expiry gets a new link)."""
    return make_token(
        RENEW_PURPOSE, {"posting_id": posting.id, "ends_on": str(posting.ends_on or "")}
    )


def posting_for_renew_token(session: Session, token: str) -> Posting:
    """The posting a renew link is for.

    Raises ExpiredToken (older than 30 days) and InvalidToken (tampered, or the posting is
    gone or was renewed since) from marketplace.accounts.errors.
    """
    payload = read_token(RENEW_PURPOSE, token, max_age=RENEW_LINK_MAX_AGE)
    posting_id = payload.get("posting_id")
    posting = _load(session, posting_id) if isinstance(posting_id, int) else None
    if posting is None or str(posting.ends_on or "") != payload.get("ends_on"):
        raise InvalidToken
    return posting


def renew_posting_by_link(session: Session, token: str, *, today: date | None = None) -> Posting:
    """Renew from the expiry e-mail without logging in: the signed token stands in for the
    author. Raises what ``posting_for_renew_token`` and ``renew_posting`` raise."""
    posting = posting_for_renew_token(session, token)
    return renew_posting(session, posting.author, posting, today=today)


def expire_due_postings(session: Session, today: date) -> int:
    """Expire published postings whose end date has passed and tell each author how to renew:
    the e-mail's link renews in one click, without logging in (``renew_posting_by_link``).

    Idempotent: an expired posting is no longer ``published``, and the notification key
    names the posting and its end date. Returns how many postings expired.
    """
    due = session.scalars(
        select(Posting)
        .options(joinedload(Posting.author))
        .where(Posting.status == PostingStatus.PUBLISHED, Posting.ends_on < today)
        .order_by(Posting.id)
    ).all()
    now = utcnow()
    for posting in due:
        posting.status = PostingStatus.EXPIRED
        posting.expired_at = now
        notify(
            session,
            told_about(posting),
            NotificationKind.POSTING_EXPIRED,
            f"posting_expired:{posting.id}:{posting.ends_on}",
            link_path=page_path("postings.renew_by_link", token=renew_token(posting)),
            posting=posting,
            posting_link=page_url("postings.detail", posting_id=posting.id),
            is_one_off_past=posting.timing == Timing.ONCE
            and posting.once_on is not None
            and posting.once_on < today,
        )
    session.flush()
    return len(due)
