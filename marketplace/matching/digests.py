"""Digests: one e-mail per period with the new postings that fit a volunteer (matching's
suggestions of that period, written as notifications).

Periods follow the calendar in Dutch time, so every suggestion falls in exactly one digest
and a run that is repeated (a beat restart, a re-delivered task) writes nothing twice:

- daily: yesterday, 00:00 to 00:00 (sent at 07:00);
- weekly: last Monday-to-Sunday week (sent on Monday at 07:00).

The idempotency key ``digest:<period>:<user_id>:<first day>`` makes each digest unique.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import groupby
from typing import Any

from flask import current_app
from flask_babel import force_locale, get_translations
from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.geo import round_distance_km
from marketplace.matching.models import MatchSuggestion
from marketplace.notifications.models import NotificationKind
from marketplace.notifications.services import (
    absolute_url,
    page_path,
    page_url,
    pending_row,
    split_mail,
    write_many,
)
from marketplace.notifications.unsubscribe import UNSUBSCRIBE_PLACEHOLDER
from marketplace.postings.models import Posting, PostingStatus
from marketplace.profiles.models import NotificationPreference, Profile
from marketplace.templating import format_distance
from marketplace.timestamps import local_midnight

# More would make a long mail nobody reads; the rest is one click away on "Voor u".
MAX_ITEMS = 10


class UnknownPeriod(ValueError):
    """Digests exist for "daily" and "weekly" only."""


@dataclass(frozen=True)
class DigestWindow:
    period: str
    first_day: date  # in Dutch time, part of the key
    starts_at: datetime  # UTC, inclusive
    ends_at: datetime  # UTC, exclusive


def digest_window(period: str, today: date) -> DigestWindow:
    """The period that a digest sent on ``today`` (a date in Dutch time) covers.

    Raises UnknownPeriod.
    """
    if period == NotificationPreference.DAILY:
        first_day, days = today - timedelta(days=1), 1
    elif period == NotificationPreference.WEEKLY:
        first_day, days = today - timedelta(days=today.weekday() + 7), 7
    else:
        raise UnknownPeriod(period)

    return DigestWindow(
        period, first_day, local_midnight(first_day), local_midnight(first_day + timedelta(days))
    )


def digest_recipients_after(
    session: Session, period: str, after_user_id: int, limit: int
) -> list[int]:
    """One page of people on this digest, by user id (keyset pagination: each page is an
    index range scan from where the last one ended, however far the run has got)."""
    return list(
        session.scalars(
            select(Profile.user_id)
            .join(User, User.id == Profile.user_id)
            .where(Profile.notification_preference == period)
            .where(Profile.mail_matches.is_(True))
            .where(Profile.user_id > after_user_id)
            .where(User.is_blocked.is_(False))
            .order_by(Profile.user_id)
            .limit(limit)
        )
    )


def build_digests(
    session: Session, window: DigestWindow, user_ids: list[int], config: dict[str, Any]
) -> list[int]:
    """Write one pending digest notification for each person in ``user_ids`` who has new
    suggestions in ``window``; returns the ids of the rows written now (a digest written by
    an earlier run is left alone). Flushes; the caller commits and publishes."""
    if not user_ids:
        return []
    # Two index-driven queries rather than one join: joined, the planner may walk every
    # published posting and probe its suggestions, which grows with the postings times the
    # batches; this way each batch reads only its own people's suggestions (by user_id).
    found = session.execute(
        select(MatchSuggestion.user_id, MatchSuggestion.posting_id, MatchSuggestion.distance_km)
        .where(MatchSuggestion.user_id.in_(user_ids))
        .where(MatchSuggestion.created_at >= window.starts_at)
        .where(MatchSuggestion.created_at < window.ends_at)
        .where(MatchSuggestion.dismissed_at.is_(None))
        .order_by(MatchSuggestion.user_id, MatchSuggestion.score.desc(), MatchSuggestion.id)
    ).all()
    postings = _open_postings(session, {posting_id for _, posting_id, _ in found})
    rows = [
        (user_id, posting_id, *postings[posting_id], distance_km)
        for user_id, posting_id, distance_km in found
        if posting_id in postings
    ]
    if not rows:
        return []
    suggestions = {user_id: list(group) for user_id, group in groupby(rows, key=lambda row: row[0])}
    people = list(
        session.execute(
            select(User.id, User.email, User.locale, Profile.display_name)
            .join(Profile, Profile.user_id == User.id)
            .where(User.id.in_(list(suggestions)))
        )
    )
    default_locale = config["BABEL_DEFAULT_LOCALE"]
    template = current_app.jinja_env.get_template("email/digest.txt")
    # Each link made once per batch: url_for for every item of every person adds up.
    posting_links = {
        posting_id: page_url("postings.detail", posting_id=posting_id)
        for posting_id in {row[1] for row in rows}
    }
    for_you_path = page_path("matching.for_you")
    for_you_link = absolute_url(for_you_path)
    settings_link = page_url("profiles.notification_settings")
    values: list[dict[str, Any]] = []
    # One locale switch per language, not per person, and every text translated once per
    # batch (see _Texts): at 100,000 volunteers the rendering is most of the work.
    people.sort(key=lambda person: person.locale or default_locale)
    for locale, group in groupby(people, key=lambda person: person.locale or default_locale):
        with force_locale(locale):
            texts = _Texts()
            for person in group:
                items = suggestions[person.id]
                text = template.render(
                    _=texts.gettext,
                    config=config,
                    period=window.period,
                    name=person.display_name,
                    items=[
                        {
                            "title": title,
                            "neighbourhood": neighbourhood,
                            "distance": texts.distance(distance_km),
                            "link": posting_links[posting_id],
                        }
                        for _, posting_id, title, neighbourhood, distance_km in items[:MAX_ITEMS]
                    ],
                    more=max(0, len(items) - MAX_ITEMS),
                    link=for_you_link,
                    settings_link=settings_link,
                    unsubscribe_link=UNSUBSCRIBE_PLACEHOLDER,  # made as the mail goes out
                )
                subject, body = split_mail(text)
                row = pending_row(
                    person.id,
                    NotificationKind.DIGEST,
                    digest_key(window, person.id),
                    person.email,
                    subject,
                    body,
                    for_you_path,
                )
                # Each posting already has its own entry in the in-app list.
                values.append({**row, "send_email": True, "show_in_app": False})
    return write_many(session, values)


def _open_postings(session: Session, posting_ids: set[int]) -> dict[int, tuple[str, str]]:
    """Title and neighbourhood of those postings still open to volunteers."""
    found: dict[int, tuple[str, str]] = {}
    ordered = sorted(posting_ids)
    for start in range(0, len(ordered), 5000):  # well inside every driver's parameter limit
        for posting_id, title, neighbourhood in session.execute(
            select(Posting.id, Posting.title, Posting.neighbourhood)
            .where(Posting.id.in_(ordered[start : start + 5000]))
            .where(Posting.status == PostingStatus.PUBLISHED)
            .where(Posting.is_hidden.is_(False))
        ):
            found[posting_id] = (title, neighbourhood)
    return found


class _Texts:
    """Translations for one language, looked up once per text instead of once per mail.

    Passed to the template as ``_``, with the same signature as Flask-Babel's gettext
    (named placeholders), so the template is the same one ``notify`` would render.
    """

    def __init__(self) -> None:
        self._translations = get_translations()
        self._texts: dict[str, str] = {}
        self._distances: dict[float, str] = {}

    def gettext(self, text: str, **variables: Any) -> str:
        translated = self._texts.get(text)
        if translated is None:
            translated = self._texts[text] = self._translations.ugettext(text)
        return translated % variables if variables else translated

    def distance(self, km: float) -> str:
        rounded = round_distance_km(km)
        shown = self._distances.get(rounded)
        if shown is None:
            shown = self._distances[rounded] = format_distance(km)
        return shown


def digest_key(window: DigestWindow, user_id: int) -> str:
    return f"digest:{window.period}:{user_id}:{window.first_day.isoformat()}"
