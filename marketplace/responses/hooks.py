"""How responses plug into the core's pages: whoever manages a posting sees its responses on
the posting page (``posting.responses``), and people who met through a posting may see each
other's profile (``accounts.people.register_relation``)."""

from __future__ import annotations

from typing import Any

from flask import Flask, render_template
from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session, selectinload

from marketplace import slots
from marketplace.accounts.memberships import Membership
from marketplace.accounts.models import User
from marketplace.accounts.people import register_relation
from marketplace.extensions import db
from marketplace.postings.models import Posting
from marketplace.profiles.services import language_names
from marketplace.responses import milestones
from marketplace.responses.models import Response


def init_app(app: Flask) -> None:
    milestones.init_app(app)  # a response's milestones follow its status on flush
    slots.register(app, "posting.responses", responses_section)
    register_relation(app, met_through_a_posting)


def responses_section(*, posting: Posting, **_: Any) -> str:
    responses = responses_for(db.session, posting)
    return render_template(
        "responses/_posting_responses.html",
        responses=responses,
        languages={response.id: responder_languages(response) for response in responses},
    )


def responder_languages(response: Response) -> str:
    """ "Nederlands, Turks": the languages the responder says she speaks, for the author."""
    profile = response.responder.profile
    return ", ".join(language_names(profile)) if profile is not None else ""


def responses_for(session: Session, posting: Posting) -> list[Response]:
    """The responses the author sees, with each responder's name loaded."""
    return list(
        session.scalars(
            select(Response)
            .options(selectinload(Response.responder).selectinload(User.profile))
            .where(Response.posting_id == posting.id)
            .order_by(Response.created_at, Response.id)
        )
    )


def met_through_a_posting(session: Session, viewer: User, user_id: int) -> bool:
    """One wrote the posting the other responded to, or the viewer works for the
    organisation the person responded or applied to."""
    shared = (
        select(Response.id)
        .join(Posting, Posting.id == Response.posting_id)
        .where(
            or_(
                and_(Posting.author_id == viewer.id, Response.responder_id == user_id),
                and_(Posting.author_id == user_id, Response.responder_id == viewer.id),
                and_(
                    Posting.organisation_id.in_(
                        select(Membership.organisation_id).where(Membership.user_id == viewer.id)
                    ),
                    Response.responder_id == user_id,
                ),
            )
        )
        .limit(1)
    )
    return session.scalar(shared) is not None
