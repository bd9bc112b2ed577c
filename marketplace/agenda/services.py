"""The agenda's rules: who publishes an activity (an organisation's staff at once, a
resident after a moderator), which dates a page shows, signing up and cancelling."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from marketplace.accounts.memberships import Organisation
from marketplace.accounts.models import Role, User
from marketplace.agenda.errors import (
    ActivityFull,
    ActivityNotFound,
    ActivityNotPending,
    DateInPast,
    NoSuchDate,
    NotModerator,
    NotOrganiser,
    SignupNotNeeded,
)
from marketplace.agenda.models import Activity, ActivitySignup, ActivityStatus
from marketplace.agenda.schedule import Occurrence, Repeat, expand, rule_for, takes_place_on
from marketplace.audit import record_audit
from marketplace.choice_memo import Memo
from marketplace.geo.distance import bounding_box, distance_km
from marketplace.geo.postcodes import lookup_postcode
from marketplace.notifications.models import NotificationKind
from marketplace.notifications.services import notify, page_path
from marketplace.permissions import staff_of
from marketplace.timestamps import local_today, utcnow

# The fields an organiser fills in (``values`` of create and update).
EDITABLE = (
    "kind",
    "title",
    "description",
    "audience",
    "place_name",
    "street",
    "accessible",
    "accessibility_note",
    "dementia_friendly",
    "cost_cents",
    "signup_required",
    "places",
    "contact",
    "starts_on",
    "start_time",
    "end_time",
    "ends_on",
)


def _apply(activity: Activity, values: Mapping[str, Any]) -> None:
    """Copy the form's values; the postcode gives wijk and coordinates, the repeat choice
    and exceptions the RRULE and EXDATE. Raises geo's InvalidPostcode/UnknownPostcode."""
    place = lookup_postcode(values["postcode"])
    for name in EDITABLE:
        setattr(activity, name, values.get(name))
    activity.postcode = place.postcode
    activity.wijk = place.neighbourhood
    activity.lat, activity.lon = place.lat, place.lon
    activity.rrule = rule_for(values.get("repeat") or Repeat.ONCE, values["starts_on"])
    skipped: list[date] = sorted(set(values.get("exceptions") or ()))
    activity.exdates = ",".join(day.isoformat() for day in skipped) if activity.rrule else ""
    if not activity.signup_required:
        activity.places = None


def create_activity(
    session: Session, author: User, values: Mapping[str, Any], organisation_id: int | None = None
) -> Activity:
    """A new activity: in the agenda at once for staff of an approved organisation,
    otherwise waiting for a moderator.

    Raises NotOrganiser (not staff of ``organisation_id``), InvalidPostcode, UnknownPostcode.
    """
    organisation = None
    if organisation_id is not None:
        organisation = session.get(Organisation, organisation_id)
        if organisation is None or not staff_of(session, author, organisation_id):
            raise NotOrganiser
    activity = Activity(organisation_id=organisation_id, created_by_id=author.id)
    _apply(activity, values)
    if organisation is not None and organisation.is_approved:
        activity.status = ActivityStatus.APPROVED
        activity.approved_at = utcnow()
    else:
        activity.status = ActivityStatus.PENDING
    session.add(activity)
    session.flush()
    return activity


def may_edit(session: Session, user: Any, activity: Activity) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    if activity.organisation_id is not None:
        return staff_of(session, user, activity.organisation_id)
    return user.id == activity.created_by_id


def update_activity(
    session: Session, editor: User, activity: Activity, values: Mapping[str, Any]
) -> Activity:
    """Change an activity. A resident's goes back to the moderator (what they changed was
    not checked yet).

    Raises NotOrganiser, InvalidPostcode, UnknownPostcode.
    """
    if not may_edit(session, editor, activity):
        raise NotOrganiser
    _apply(activity, values)
    if activity.organisation_id is None and activity.status != ActivityStatus.CANCELLED:
        activity.status = ActivityStatus.PENDING
        activity.approved_at = None
    session.flush()
    return activity


def cancel_activity(session: Session, editor: User, activity: Activity) -> Activity:
    """Take the activity out of the agenda (the organiser stops it). Raises NotOrganiser."""
    if not may_edit(session, editor, activity):
        raise NotOrganiser
    activity.status = ActivityStatus.CANCELLED
    session.flush()
    return activity


def _check_moderator(moderator: User, activity: Activity) -> None:
    if not moderator.has_role(Role.MODERATOR) or activity.created_by_id == moderator.id:
        raise NotModerator
    if activity.status != ActivityStatus.PENDING:
        raise ActivityNotPending


def _tell_author(
    session: Session, activity: Activity, kind: NotificationKind, endpoint: str, **context: Any
) -> None:
    """Tell the resident who put the activity in what the moderator decided."""
    author = activity.created_by
    if author is None:
        return
    notify(
        session,
        author,
        kind,
        f"{kind.value}-{activity.id}-{utcnow().isoformat()}",
        link_path=page_path(endpoint, activity_id=activity.id),
        title=activity.title,
        **context,
    )


def approve_activity(session: Session, moderator: User, activity: Activity) -> Activity:
    """Put a resident's activity in the agenda. Raises NotModerator, ActivityNotPending."""
    _check_moderator(moderator, activity)
    activity.status = ActivityStatus.APPROVED
    activity.approved_at = utcnow()
    activity.rejection_reason = None
    record_audit(session, moderator, "activity.approve", activity)
    _tell_author(session, activity, NotificationKind.ACTIVITY_APPROVED, "agenda.detail")
    session.flush()
    return activity


def reject_activity(session: Session, moderator: User, activity: Activity, reason: str) -> Activity:
    """Keep a resident's activity out of the agenda, with the reason (the author sees it and
    can change the activity). Raises NotModerator, ActivityNotPending."""
    _check_moderator(moderator, activity)
    activity.status = ActivityStatus.REJECTED
    activity.rejection_reason = reason.strip()
    record_audit(session, moderator, "activity.reject", activity, reason.strip())
    _tell_author(
        session, activity, NotificationKind.ACTIVITY_REJECTED, "agenda.edit", reason=reason.strip()
    )
    session.flush()
    return activity


def pending_activities(session: Session) -> list[Activity]:
    return list(
        session.scalars(
            select(Activity)
            .where(Activity.status == ActivityStatus.PENDING)
            .order_by(Activity.created_at, Activity.id)
        )
    )


def visible_activity(session: Session, activity_id: int, viewer: Any) -> Activity:
    """An approved activity, or one the viewer organises or moderates. Raises
    ActivityNotFound."""
    activity = session.get(Activity, activity_id)
    if activity is None:
        raise ActivityNotFound
    if activity.status == ActivityStatus.APPROVED:
        return activity
    moderator = getattr(viewer, "is_authenticated", False) and viewer.has_role(Role.MODERATOR)
    if moderator or may_edit(session, viewer, activity):
        return activity
    raise ActivityNotFound


@dataclass(frozen=True)
class Filters:
    """What a visitor narrows the agenda to. ``near``: (lat, lon, km)."""

    wijk: str | None = None
    free: bool = False
    kind: str | None = None
    accessible: bool = False
    dementia_friendly: bool = False
    near: tuple[float, float, float] | None = None


def occurrences(session: Session, first: date, last: date, filters: Filters) -> list[Occurrence]:
    """The dates of approved activities from ``first`` to ``last`` that fit ``filters``."""
    query = select(Activity).where(
        Activity.status == ActivityStatus.APPROVED,
        Activity.starts_on <= last,
        (Activity.ends_on.is_(None)) | (Activity.ends_on >= first),
    )
    if filters.wijk:
        query = query.where(Activity.wijk == filters.wijk)
    if filters.free:
        query = query.where(Activity.cost_cents == 0)
    if filters.kind:
        query = query.where(Activity.kind == filters.kind)
    if filters.accessible:
        query = query.where(Activity.accessible.is_(True))
    if filters.dementia_friendly:
        query = query.where(Activity.dementia_friendly.is_(True))
    activities = list(session.scalars(query.order_by(Activity.id)))
    if filters.near:
        lat, lon, km = filters.near
        south, north, west, east = bounding_box(lat, lon, km)
        activities = [
            a
            for a in activities
            if south <= a.lat <= north
            and west <= a.lon <= east
            and distance_km(lat, lon, a.lat, a.lon) <= km
        ]
    return expand(activities, first, last)


_wijken = Memo("agenda_wijken", watch=("activities",))


def wijken_with_activities(session: Session) -> list[str]:
    """The wijken with approved activities, A to Z (the filter's choices); made once per
    process until an activity changes (marketplace.choice_memo)."""
    return list(_wijken.get("approved", lambda: tuple(_wijken_with_activities(session))))


def _wijken_with_activities(session: Session) -> list[str]:
    return list(
        session.scalars(
            select(Activity.wijk)
            .where(Activity.status == ActivityStatus.APPROVED)
            .distinct()
            .order_by(Activity.wijk)
        )
    )


# Signing up


def signup_count(session: Session, activity: Activity, day: date) -> int:
    return (
        session.scalar(
            select(func.count(ActivitySignup.id)).where(
                ActivitySignup.activity_id == activity.id, ActivitySignup.occurs_on == day
            )
        )
        or 0
    )


def signup_of(session: Session, user: Any, activity: Activity, day: date) -> ActivitySignup | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return session.scalar(
        select(ActivitySignup).where(
            ActivitySignup.activity_id == activity.id,
            ActivitySignup.user_id == user.id,
            ActivitySignup.occurs_on == day,
        )
    )


def check_signups_open(activity: Activity, day: date) -> None:
    """Whether one may sign up for ``activity`` on ``day``. Raises ActivityNotFound (not in
    the agenda), NoSuchDate, DateInPast, SignupNotNeeded."""
    if activity.status != ActivityStatus.APPROVED:
        raise ActivityNotFound
    if not takes_place_on(activity, day):
        raise NoSuchDate
    if day < local_today():
        raise DateInPast
    if not activity.signup_required:
        raise SignupNotNeeded


def check_room(session: Session, activity: Activity, day: date) -> None:
    """Raises ActivityFull when ``day`` has no place left for one more sign-up."""
    if activity.places is not None and signup_count(session, activity, day) >= activity.places:
        raise ActivityFull


def remove_signup(session: Session, signup: ActivitySignup | None) -> bool:
    """Delete ``signup`` when there is one; whether there was."""
    if signup is None:
        return False
    session.delete(signup)
    session.flush()
    return True


def sign_up(
    session: Session, user: User, activity: Activity, day: date, *, share_name: bool = False
) -> ActivitySignup:
    """Sign ``user`` up for ``day`` (again: the one they have). Raises ActivityNotFound (not
    in the agenda), NoSuchDate, DateInPast, SignupNotNeeded, ActivityFull."""
    check_signups_open(activity, day)
    existing = signup_of(session, user, activity, day)
    if existing is not None:
        existing.share_name = share_name
        session.flush()
        return existing
    check_room(session, activity, day)
    signup = ActivitySignup(
        activity_id=activity.id, user_id=user.id, occurs_on=day, share_name=share_name
    )
    session.add(signup)
    session.flush()
    return signup


def cancel_sign_up(session: Session, user: User, activity: Activity, day: date) -> bool:
    """Cancel ``user``'s sign-up for ``day``; whether there was one."""
    return remove_signup(session, signup_of(session, user, activity, day))


@dataclass(frozen=True)
class Attendance:
    day: date
    count: int
    names: list[str]


def attendance(
    session: Session, organiser: User, activity: Activity, first: date, last: date
) -> list[Attendance]:
    """Per date: how many signed up, and the names of those who chose to give their name.
    Raises NotOrganiser."""
    if not may_edit(session, organiser, activity):
        raise NotOrganiser
    rows = session.execute(
        select(ActivitySignup.occurs_on, ActivitySignup.share_name, User)
        .outerjoin(User, User.id == ActivitySignup.user_id)
        .where(
            ActivitySignup.activity_id == activity.id,
            ActivitySignup.occurs_on >= first,
            ActivitySignup.occurs_on <= last,
        )
        .order_by(ActivitySignup.occurs_on, ActivitySignup.id)
    ).all()
    per_day: dict[date, tuple[int, list[str]]] = {}
    for day, share, user in rows:
        count, names = per_day.get(day, (0, []))
        if share and user is not None:  # a client signed up by staff: counted, not named
            names.append(user.display_name)
        per_day[day] = (count + 1, names)
    return [Attendance(day, count, names) for day, (count, names) in per_day.items()]


def my_signups(session: Session, user: User, first: date) -> list[ActivitySignup]:
    return list(
        session.scalars(
            select(ActivitySignup)
            .where(ActivitySignup.user_id == user.id, ActivitySignup.occurs_on >= first)
            .order_by(ActivitySignup.occurs_on, ActivitySignup.id)
        )
    )
