"""Queries for the admin pages. Granting and revoking roles lives with the accounts
(``accounts.services.grant_role``), because the command line uses it too."""

from __future__ import annotations

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import selectinload

from marketplace.accounts.models import User
from marketplace.profiles.models import Profile
from marketplace.search import contains


def users_matching(search: str | None) -> Select[User]:
    """Users whose e-mail address or display name contains ``search``, newest first.

    Roles and profile are loaded with the users, so the page makes no further queries.
    """
    query = (
        select(User)
        .outerjoin(Profile, Profile.user_id == User.id)
        .options(selectinload(User.role_grants), selectinload(User.profile))
        .order_by(User.created_at.desc(), User.id.desc())
    )
    if search:
        query = query.where(
            or_(contains(User.email, search), contains(Profile.display_name, search))
        )
    return query
