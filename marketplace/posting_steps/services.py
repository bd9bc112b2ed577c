"""Rules for a draft posting that is filled in step by step.

Each step checks its own answers with the rules of marketplace.postings.services and saves
them in the draft (status ``draft``: only its author sees it). ``submit_draft`` checks every
answer again and sends the posting to the moderators (status ``pending``), exactly as
``create_posting`` does for the one-page form. Services flush; the view commits.
"""

from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from marketplace import dayparts
from marketplace.accounts.delegations import (
    DelegatedActionKind,
    Scope,
    active_delegation,
    record_action,
)
from marketplace.accounts.models import User
from marketplace.accounts.permissions import PermissionDenied
from marketplace.geo import InvalidPostcode, UnknownPostcode, lookup_postcode
from marketplace.postings.errors import InvalidPosting
from marketplace.postings.models import Posting, PostingKind, PostingStatus, Timing
from marketplace.postings.validation import (
    PostingData,
    active_category,
    check_may_post,
    clean_ends_on,
    clean_language,
    clean_lasting,
    clean_text,
    clean_timing,
    validated_fields,
)
from marketplace.timestamps import local_today, utcnow

STEP_KINDS = (PostingKind.REQUEST, PostingKind.OFFER)


def get_own_draft(session: Session, draft_id: int, author: User) -> Posting | None:
    """The author's draft, or None (someone else's, or already sent: the view answers 404)."""
    return session.scalar(
        select(Posting)
        .options(joinedload(Posting.category))
        .where(
            Posting.id == draft_id,
            Posting.author_id == author.id,
            Posting.status == PostingStatus.DRAFT,
        )
    )


def person_to_post_for(session: Session, carer: User, person_id: int) -> User | None:
    """The person ``carer`` may post a request for today (her consent covers posting), or
    None."""
    consent = active_delegation(session, carer.id, person_id, Scope.POST)
    return consent.person if consent is not None else None


def _check_may_post_for(session: Session, author: User, draft: Posting) -> None:
    if draft.for_person_id is not None and (
        active_delegation(session, author.id, draft.for_person_id, Scope.POST) is None
    ):
        raise PermissionDenied("the consent to post for this person ended")


def _place_from_profile(author: User) -> dict[str, str | float]:
    """Where the draft is until step 2: the author's own postcode, or nowhere yet."""
    postcode = author.profile.postcode if author.profile is not None else None
    try:
        place = lookup_postcode(postcode or "")
    except (InvalidPostcode, UnknownPostcode):
        return {"postcode": "", "pc4": "", "lat": 0.0, "lon": 0.0, "neighbourhood": ""}
    return place.columns()


def save_what(
    session: Session,
    author: User,
    draft: Posting | None,
    *,
    kind: str,
    category_id: int | None,
    title: str,
    description: str,
    before_confirming: bool = False,
    language: str | None = None,
    for_person: User | None = None,
) -> Posting:
    """Step 1. Starts a draft (``draft`` None) or changes one.

    ``for_person``: a carer asks for help for someone who consented to that
    (``accounts.delegations``); the draft starts at the person's postcode, so the
    volunteer sees her wijk.

    ``before_confirming``: a guest who made her account halfway has what she typed become
    her draft at once, before she confirmed her address, so nothing is lost while she reads
    her mail. Nobody else sees a draft; the other steps and sending it (``submit_draft``)
    still need a confirmed address.

    Raises PermissionDenied (not confirmed, blocked), InvalidPosting.
    """
    if not before_confirming:
        check_may_post(author)
    elif author.is_blocked:
        raise PermissionDenied
    if kind not in STEP_KINDS:
        raise InvalidPosting("kind", _l("Kies of u hulp zoekt of hulp aanbiedt."))
    if for_person is not None and (
        kind != PostingKind.REQUEST
        or active_delegation(session, author.id, for_person.id, Scope.POST) is None
    ):
        raise PermissionDenied("no consent to post for this person")
    if draft is not None:
        _check_may_post_for(session, author, draft)
    data = PostingData(kind, category_id, title, description, None, Timing.FLEXIBLE)
    category = active_category(session, category_id)
    clean_title, clean_description = clean_text(data)
    clean_lang = clean_language(language)
    if draft is None:
        draft = Posting(
            kind=kind,
            author=author,
            status=PostingStatus.DRAFT,
            timing=Timing.FLEXIBLE,
            for_person=for_person,
            **_place_from_profile(for_person or author),
        )
        session.add(draft)
    draft.category = category
    draft.title = clean_title
    draft.description = clean_description
    draft.language = clean_lang
    session.flush()
    return draft


def resume_draft(session: Session, author: User, draft: Posting) -> Posting:
    """Going on with a draft started before the author had a postcode (a guest who made
    her account on the way, then gave her postcode): the draft takes it, as step 1 does for
    everyone else. The check page still offers to change it. Raises PermissionDenied."""
    check_may_post(author)
    if not draft.postcode:
        for name, value in _place_from_profile(author).items():
            setattr(draft, name, value)
        session.flush()
    return draft


def save_where(session: Session, author: User, draft: Posting, postcode: str) -> Posting:
    """Step 2. Raises PermissionDenied, InvalidPostcode, UnknownPostcode."""
    check_may_post(author)
    place = lookup_postcode(postcode)
    for name, value in place.columns().items():
        setattr(draft, name, value)
    session.flush()
    return draft


def save_when(
    session: Session,
    author: User,
    draft: Posting,
    data: PostingData,
    *,
    today: date | None = None,
    lasting: str | None = None,
) -> Posting:
    """Step 3: ``data.timing`` and its dates and dayparts, and ``data.ends_on``; for a
    request, ``lasting``: a lasting contact (``LastingKind``) or None.

    Raises PermissionDenied, InvalidPosting.
    """
    today = today or local_today()
    check_may_post(author)
    once_on, once_daypart, mask = clean_timing(data, today)
    draft.lasting = clean_lasting(draft.kind, lasting)
    draft.timing = data.timing
    draft.once_on = once_on
    draft.once_daypart = once_daypart
    draft.daypart_mask = mask
    draft.ends_on = (
        data.ends_on if data.ends_on is None else clean_ends_on(data, draft.kind, once_on, today)
    )
    session.flush()
    return draft


def draft_data(draft: Posting) -> PostingData:
    """The draft's answers as the one-page form would have sent them."""
    return PostingData(
        kind=draft.kind,
        category_id=draft.category_id,
        title=draft.title,
        description=draft.description,
        postcode=draft.postcode or None,
        timing=draft.timing,
        once_on=draft.once_on,
        once_daypart=draft.once_daypart,
        recurring_slots=[
            f"{day}-{part}" for day, part in dayparts.slots_from_mask(draft.daypart_mask)
        ],
        ends_on=draft.ends_on,
        language=draft.language,
        lasting=draft.lasting,
    )


def submit_draft(
    session: Session, author: User, draft: Posting, *, today: date | None = None
) -> Posting:
    """Step 4: check every answer again and send the posting to the moderators (``pending``).

    Raises PermissionDenied, InvalidPosting, InvalidPostcode, UnknownPostcode (for instance
    when step 2 was skipped and the author has no postcode in their profile).
    """
    today = today or local_today()
    check_may_post(author)
    _check_may_post_for(session, author, draft)
    if not draft.postcode:
        raise InvalidPostcode(draft.postcode)
    values = validated_fields(session, author, draft_data(draft), draft.kind, today)
    for name, value in values.items():
        setattr(draft, name, value)
    draft.status = PostingStatus.PENDING
    draft.submitted_at = utcnow()
    session.flush()
    if draft.for_person_id is not None:
        consent = active_delegation(session, author.id, draft.for_person_id, Scope.POST)
        if consent is not None:  # checked above; the trail names who posted it
            record_action(session, consent, DelegatedActionKind.POSTED, posting_id=draft.id)
    return draft
