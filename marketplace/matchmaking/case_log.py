"""The case log per request: notes and calls of one organisation ("gebeld, neemt niet op",
"terugbellen dinsdag"), with a reminder to the worker on the date she set.

Only staff of that organisation see it (the views ask ``access.require_handling``); the
text is encrypted at rest. Reminders go out from a beat task, once per note
(``reminded_at`` and the notification key).
"""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from marketplace.accounts.memberships import Organisation
from marketplace.accounts.models import User
from marketplace.matchmaking.errors import InvalidInput
from marketplace.matchmaking.models import CaseNote, CaseNoteKind
from marketplace.notifications.models import NotificationKind
from marketplace.notifications.services import notify, page_path
from marketplace.permissions import staff_of
from marketplace.postings.models import Posting
from marketplace.timestamps import local_today, utcnow

MAX_NOTE_LENGTH = 2000
BATCH_SIZE = 200


def add_note(
    session: Session,
    actor: User,
    posting: Posting,
    organisation: Organisation,
    kind: str,
    body: str,
    remind_on: date | None,
) -> CaseNote:
    """A line in the organisation's case log. Raises InvalidInput (empty, too long, a
    reminder date in the past)."""
    body = (body or "").strip()
    if not body:
        raise InvalidInput(
            "body", _l("Schrijf kort wat er gebeurde, bijvoorbeeld: gebeld, neemt niet op.")
        )
    if len(body) > MAX_NOTE_LENGTH:
        raise InvalidInput("body", _l("Schrijf het korter: hoogstens 2000 tekens."))
    if remind_on is not None and remind_on < local_today():
        raise InvalidInput("remind_on", _l("Kies voor de herinnering vandaag of een dag later."))
    note = CaseNote(
        posting_id=posting.id,
        organisation_id=organisation.id,
        author_id=actor.id,
        kind=CaseNoteKind(kind),
        body=body,
        remind_on=remind_on,
    )
    session.add(note)
    session.flush()
    return note


def notes_for(session: Session, posting: Posting, organisation: Organisation) -> list[CaseNote]:
    """The organisation's log for the request, newest first."""
    return list(
        session.scalars(
            select(CaseNote)
            .where(CaseNote.posting_id == posting.id)
            .where(CaseNote.organisation_id == organisation.id)
            .options(joinedload(CaseNote.author).joinedload(User.profile))
            .order_by(CaseNote.created_at.desc(), CaseNote.id.desc())
        )
    )


def send_due_reminders(
    session: Session, today: date, after_id: int = 0, limit: int = BATCH_SIZE
) -> tuple[int, int | None]:
    """Remind the writer of each note whose date has come, once (still on the
    organisation's staff). Returns (how many reminded, the last note id looked at or None
    when done). Flushes; the task commits per batch."""
    notes = session.scalars(
        select(CaseNote)
        .where(CaseNote.remind_on <= today)
        .where(CaseNote.reminded_at.is_(None))
        .where(CaseNote.id > after_id)
        .options(joinedload(CaseNote.posting), joinedload(CaseNote.author))
        .order_by(CaseNote.id)
        .limit(limit)
    ).all()
    if not notes:
        return 0, None
    now: datetime = utcnow()
    reminded = 0
    for note in notes:
        note.reminded_at = now
        author = note.author
        if author is None or not staff_of(session, author, note.organisation_id):
            continue
        notify(
            session,
            author,
            NotificationKind.CASE_REMINDER,
            f"case_reminder:{note.id}",
            link_path=page_path("matchmaking.request", posting_id=note.posting_id),
            posting_title=note.posting.title,
            body=note.body,
        )
        reminded += 1
    session.flush()
    return reminded, notes[-1].id
