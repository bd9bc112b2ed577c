"""STUB: to be built."""
from sqlalchemy import select
from marketplace.postings.models import Posting, PostingStatus


def latest_public_postings(session, limit):  # type: ignore[no-untyped-def]
    return session.scalars(select(Posting).where(Posting.status == PostingStatus.PUBLISHED, Posting.is_hidden.is_(False)).order_by(Posting.published_at.desc()).limit(limit)).all()


def expire_due_postings(session, today):  # type: ignore[no-untyped-def]
    return 0
