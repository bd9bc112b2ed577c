"""Staff of the organisations serving a wijk hear when a request there lands on "Hulp
gezocht": at once in the app, and in one mail a day (per their settings).

The in-app message is written as the request is listed (``events.posting_listed``); the
daily mail gathers yesterday's, once per person and day (its key), so a second run of the
beat task writes nothing new.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from flask import current_app, render_template
from flask_babel import force_locale
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from marketplace.accounts.memberships import Membership, Organisation, OrganisationStatus
from marketplace.accounts.models import User
from marketplace.matchmaking.access import serves
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.notifications.services import (
    notify,
    page_path,
    page_url,
    pending_row,
    split_mail,
    wants_email,
    write_many,
)
from marketplace.notifications.unsubscribe import UNSUBSCRIBE_PLACEHOLDER
from marketplace.postings.models import Posting
from marketplace.timestamps import local_midnight


def organisations_serving(session: Session, posting: Posting) -> list[Organisation]:
    """Approved organisations serving the request's wijk, and the one that posted it."""
    return [
        organisation
        for organisation in session.scalars(
            select(Organisation)
            .where(Organisation.status == OrganisationStatus.APPROVED)
            .order_by(Organisation.name, Organisation.id)
        )
        if organisation.id == posting.organisation_id or serves(organisation, posting.neighbourhood)
    ]


def tell_wijk_staff(session: Session, posting: Posting) -> int:
    """In-app message to every member of staff of those organisations (not the author).
    Returns how many were told; once per person and publication (the key)."""
    organisations = organisations_serving(session, posting)
    if not organisations:
        return 0
    staff = session.scalars(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.organisation_id.in_([o.id for o in organisations]))
        .where(User.is_blocked.is_(False))
        .where(User.id != posting.author_id)
        .options(selectinload(User.profile))
        .distinct()
        .order_by(User.id)
    ).all()
    published = posting.published_at.isoformat() if posting.published_at else "-"
    for user in staff:
        notify(
            session,
            user,
            NotificationKind.UNANSWERED_NEARBY,
            f"unanswered_nearby:{posting.id}:{published}:{user.id}",
            link_path=page_path("matchmaking.request", posting_id=posting.id),
            send_email=False,  # the daily mail gathers these
            posting_title=posting.title,
            neighbourhood=posting.neighbourhood,
        )
    return len(staff)


def on_posting_listed(posting: Posting, *, session: Session, **_: Any) -> None:
    tell_wijk_staff(session, posting)


def digest_key(user_id: int, day: date) -> str:
    return f"unanswered_digest:{user_id}:{day.isoformat()}"


def send_daily_mail(session: Session, day: date) -> int:
    """One mail per member of staff about the requests listed in their wijk on ``day``
    (Rotterdam's day), for those whose settings allow mail. Returns how many were written
    now (0 the second time)."""
    start, end = local_midnight(day), local_midnight(day + timedelta(days=1))
    rows = session.execute(
        select(Notification.recipient_id, Notification.subject, Notification.link_path)
        .where(Notification.kind == NotificationKind.UNANSWERED_NEARBY)
        .where(Notification.created_at >= start)
        .where(Notification.created_at < end)
        .order_by(Notification.recipient_id, Notification.id)
    ).all()
    by_person: dict[int, list[tuple[str, str | None]]] = {}
    for recipient_id, subject, link_path in rows:
        by_person.setdefault(recipient_id, []).append((subject, link_path))
    if not by_person:
        return 0
    people = session.scalars(
        select(User).where(User.id.in_(sorted(by_person))).options(selectinload(User.profile))
    ).all()
    values = []
    for person in sorted(people, key=lambda p: p.id):
        if person.is_erased or not wants_email(person, NotificationKind.UNANSWERED_DIGEST):
            continue
        with force_locale(person.locale or current_app.config["BABEL_DEFAULT_LOCALE"]):
            text = render_template(
                "email/unanswered_digest.txt",
                recipient=person,
                items=[subject for subject, _ in by_person[person.id]],
                link=page_url("escalation.unanswered"),
                settings_link=page_url("profiles.notification_settings"),
                unsubscribe_link=UNSUBSCRIBE_PLACEHOLDER,
            )
        subject, body = split_mail(text)
        row = pending_row(
            person.id,
            NotificationKind.UNANSWERED_DIGEST,
            digest_key(person.id, day),
            person.email,
            subject,
            body,
            page_path("escalation.unanswered"),
        )
        # Each request already has its own entry in the in-app list.
        values.append({**row, "send_email": True, "show_in_app": False})
    return len(write_many(session, values))
