"""Who may act as matchmaker for a request: staff of the organisation that posted it, or of
an approved organisation serving its wijk. Everyone else is told it does not exist (404)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from marketplace.accounts.memberships import Organisation
from marketplace.accounts.models import User
from marketplace.matchmaking.errors import RequestNotFound
from marketplace.permissions import staff_organisations
from marketplace.postings.models import Posting, PostingKind
from marketplace.security_log import log_security_event


def serves(organisation: Organisation, neighbourhood: str | None) -> bool:
    wanted = (neighbourhood or "").strip().casefold()
    return bool(wanted) and wanted in {n.casefold() for n in organisation.neighbourhood_list}


def handling_organisation(session: Session, user: User, posting: Posting) -> Organisation | None:
    """The organisation through which ``user`` may handle ``posting`` (its own first), or
    None."""
    if posting.kind != PostingKind.REQUEST:
        return None
    organisations = staff_organisations(session, user, approved_only=True)
    for organisation in organisations:
        if organisation.id == posting.organisation_id:
            return organisation
    return next((o for o in organisations if serves(o, posting.neighbourhood)), None)


def require_handling(session: Session, user: User, posting_id: int) -> tuple[Posting, Organisation]:
    """The request and the viewer's organisation for it. Raises RequestNotFound (404)."""
    posting = session.get(Posting, posting_id)
    organisation = handling_organisation(session, user, posting) if posting else None
    if posting is None or organisation is None:
        raise RequestNotFound()
    log_security_event("case.read", user_id=user.id, posting_id=posting.id)
    return posting, organisation
