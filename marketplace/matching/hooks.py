"""How matching plugs in (``marketplace.events``): it matches every posting as it is
published, again in a wider circle when escalation widens a request nobody answered, and
looks again for a volunteer whose profile changed or who just confirmed her address. Its
``MatchRequest`` rows go through the outbox. When what a request needs (a credential)
changes, its suggestions to people who no longer qualify go and it is matched again
(``requirements_changed``). Two people of whom one blocked the other are
never suggested to each other: their suggestions go as the block is made
(``contact_blocked``)."""

from __future__ import annotations

from typing import Any

from flask import Flask
from sqlalchemy.orm import Session

from marketplace import events, outbox, volunteer_candidates
from marketplace.accounts.models import User
from marketplace.matching import reach
from marketplace.matching.models import MatchRequest
from marketplace.matching.services import (
    forget_suggestions_between,
    rank_for_matchmaker,
    request_matching,
    request_profile_matching,
    request_requirements_matching,
)
from marketplace.postings.models import Posting


def init_app(app: Flask) -> None:
    outbox.register(MatchRequest, "matching.match_posting")
    reach.init_app(app)  # keeps the reach of postings and volunteers up to date on flush
    events.posting_published.connect(match_published_posting)
    events.posting_widened.connect(match_widened_posting)
    events.profile_changed.connect(match_changed_profile)
    events.contact_blocked.connect(forget_blocked_pair)
    events.requirements_changed.connect(match_changed_requirements)
    events.email_confirmed.connect(match_changed_profile)  # unconfirmed people were skipped
    volunteer_candidates.register_ranker(app, rank_for_matchmaker)  # matchmakers' candidates


def match_published_posting(posting: Posting, *, session: Session, **_: Any) -> None:
    request_matching(session, posting)


def match_widened_posting(posting: Posting, *, session: Session, circle: int, **_: Any) -> None:
    request_matching(session, posting, circle=circle)


def match_changed_profile(user: User, *, session: Session, **_: Any) -> None:
    request_profile_matching(session, user)


def match_changed_requirements(posting: Posting, *, session: Session, **_: Any) -> None:
    request_requirements_matching(session, posting)


def forget_blocked_pair(blocker: User, *, session: Session, blocked_id: int, **_: Any) -> None:
    forget_suggestions_between(session, blocker.id, blocked_id)
