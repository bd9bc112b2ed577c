"""Someone's public face (/profiel/<id>): who may see it, and what, never e-mail, phone,
postcode or coordinates.

Profiles are no directory. Besides the person and moderators, only people with a reason
see one; what counts as a reason (a shared posting or conversation, an application to an
organisation) belongs to the parts that know those things: they register a check with
``register_relation`` in their ``init_app``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from flask import Flask, current_app
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from marketplace.accounts.models import Role, User

MAX_ID = 2**31 - 1
_RELATIONS = "profile_relations"

# relation(session, viewer, user_id) -> whether viewer has a reason to see user_id's profile
Relation = Callable[[Session, User, int], bool]


@dataclass(frozen=True)
class PublicProfile:
    """All that anyone may see of a person: never e-mail, phone, postcode or coordinates."""

    user_id: int
    display_name: str
    neighbourhood: str | None
    member_since: datetime


def public_profile(session: Session, user_id: int) -> PublicProfile | None:
    """The public face of a user; None for unknown, blocked and erased users."""
    if not 0 < user_id <= MAX_ID:  # a bigger number would overflow the database column
        return None
    user = session.get(User, user_id)
    if user is None or user.is_blocked or user.is_erased:
        return None
    profile = user.profile
    return PublicProfile(
        user_id=user.id,
        # Never fall back to the e-mail address: it is private.
        display_name=(profile.display_name if profile else "") or _("Een buurtbewoner"),
        # Only when the person chose to show it.
        neighbourhood=profile.neighbourhood if profile and profile.shows_neighbourhood else None,
        member_since=user.created_at,
    )


def register_relation(app: Flask, relation: Relation) -> None:
    relations = app.extensions.setdefault(_RELATIONS, [])
    if relation not in relations:
        relations.append(relation)


def may_see_profile(session: Session, viewer: User, user_id: int) -> bool:
    """The person themselves, a moderator or admin, or someone with a confirmed address and
    a registered reason."""
    if viewer.id == user_id or viewer.has_role(Role.MODERATOR):  # admins too
        return True
    if not viewer.is_email_confirmed:
        return False
    return any(
        relation(session, viewer, user_id)
        for relation in current_app.extensions.get(_RELATIONS, [])
    )
