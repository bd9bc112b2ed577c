"""Postings in words: timing as a sentence, and what a posting's page shows to whom.

Pages get their data from here, so templates need no queries and no decisions.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask_babel import format_date
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Session

from marketplace import dayparts, permissions
from marketplace.accounts.delegations import Scope
from marketplace.accounts.models import User
from marketplace.geo import distance_km
from marketplace.i18n import gettext as _
from marketplace.postings import services
from marketplace.postings.models import LastingKind, Posting, PostingKind, PostingStatus, Timing
from marketplace.postings.validation import POSTING_LANGUAGES
from marketplace.timestamps import local_today

DAYPART_PHRASES = {
    "morning": _l("’s ochtends"),
    "afternoon": _l("’s middags"),
    "evening": _l("’s avonds"),
}
RESPOND_LABELS: dict[str, Any] = {
    PostingKind.REQUEST.value: _l("Ik help!"),
    PostingKind.OFFER.value: _l("Ik wil hier gebruik van maken"),
    PostingKind.VACANCY.value: _l("Ik meld me aan"),
}


def _day(on: date) -> str:
    pattern = "EEEE d MMMM" if on.year == local_today().year else "EEEE d MMMM y"
    return format_date(on, pattern)


def timing_text(posting: Posting) -> str:
    """The timing in words: "Op dinsdag 3 december, 's ochtends", "Elke week: dinsdagochtend",
    "Wanneer het u uitkomt"."""
    if posting.timing == Timing.ONCE and posting.once_on is not None:
        phrase = DAYPART_PHRASES.get(posting.once_daypart or "")
        if phrase is None:
            return _("Op %(date)s", date=_day(posting.once_on))
        return _("Op %(date)s, %(daypart)s", date=_day(posting.once_on), daypart=phrase)
    if posting.timing == Timing.RECURRING and posting.daypart_mask:
        slots = ", ".join(
            dayparts.slot_label(day, part)
            for day, part in dayparts.slots_from_mask(posting.daypart_mask)
        )
        return _("Elke week: %(slots)s", slots=slots)
    return _("Wanneer het u uitkomt")


def ends_text(posting: Posting) -> str:
    """The last day the posting is open, e.g. "woensdag 23 december"; empty if open-ended."""
    return "" if posting.ends_on is None else _day(posting.ends_on)


def paragraphs(text: str) -> list[list[str]]:
    """Blank lines separate paragraphs; single line breaks stay line breaks."""
    blocks = re.split(r"\n\s*\n", text.replace("\r\n", "\n").replace("\r", "\n"))
    return [block.strip().split("\n") for block in blocks if block.strip()]


def viewer_distance(posting: Posting, viewer: User | None) -> float | None:
    """From the viewer's own home (a postcode centroid), if they told us where that is."""
    profile = viewer.profile if viewer is not None and viewer.is_authenticated else None
    if profile is None or not profile.has_location:
        return None
    assert profile.lat is not None and profile.lon is not None
    return distance_km(profile.lat, profile.lon, posting.lat, posting.lon)


def language_name(code: str | None) -> str | None:
    """ "Turks" for "tr": the language a posting names, in the reader's language."""
    name = POSTING_LANGUAGES.get(code or "")
    return str(name) if name is not None else None


def detail_context(session: Session, posting: Posting, viewer: User | None) -> dict[str, Any]:
    """Everything the posting page shows; who sees what is decided here."""
    logged_in = viewer is not None and viewer.is_authenticated
    is_author = logged_in and viewer.id in (  # type: ignore[union-attr]
        posting.author_id,
        posting.for_person_id,
    )
    # The author, or a colleague at the organisation that placed it.
    manages = permissions.manages(session, viewer, posting)
    # Changing a request made for someone needs a running consent to post for her.
    may_change = manages and permissions.manages(session, viewer, posting, Scope.POST)
    is_open = posting.status == PostingStatus.PUBLISHED and not posting.is_hidden
    return {
        "posting": posting,
        "timing_text": timing_text(posting),
        "language_name": language_name(posting.language),
        "ends_text": ends_text(posting),
        "distance_km": None if manages else viewer_distance(posting, viewer),
        "is_author": is_author,
        "manages": manages,
        "is_public": posting.is_public,
        "can_review": logged_in
        and not manages
        and posting.status == PostingStatus.PENDING
        and viewer.has_role("moderator"),  # type: ignore[union-attr]
        "paragraphs": paragraphs(posting.description),
        "respond_label": RESPOND_LABELS.get(posting.kind)
        if logged_in and not manages and is_open
        else None,
        # A guest sees the same button; it leads to making an account, then straight back.
        "login_to_respond": RESPOND_LABELS.get(posting.kind) if not logged_in and is_open else None,
        "can_report": not manages and posting.is_public,
        "can_edit": may_change and services.can_edit(posting),
        "can_close": may_change and services.can_close(posting),
        "can_renew": may_change and services.can_renew(posting),
        # intake: the client's first name or initials only for whoever manages the posting
        # (never on the public page); links for the organisation's staff only
        "on_behalf_of": posting.on_behalf_of if manages else None,
        "posted_for": posted_for(posting, manages),
        "lasting_text": lasting_text(posting) if posting.lasting else None,
    }


LASTING_TEXTS = {
    LastingKind.BUDDY: _l("Een maatje: elke week iets samen doen"),
    LastingKind.WALK: _l("Een vaste wandeling, elke week"),
    LastingKind.PHONE: _l("Een telefoonmaatje: elke week op een vaste tijd bellen"),
}


def lasting_text(posting: Posting) -> str:
    """What kind of lasting contact a request is for, or "no"."""
    if posting.lasting is None:
        return _("Nee")
    return str(LASTING_TEXTS.get(posting.lasting, posting.lasting))  # type: ignore[call-overload]


def posted_for(posting: Posting, manages: bool) -> str | None:
    """A request a carer posted for someone (``accounts.delegations``): who posted it and
    for whom. Whoever may help sees the carer's name and the wijk, never more before a
    response is accepted; the person and her carers see both names."""
    if posting.for_person is None:
        return None
    if manages:
        return _(
            "Geplaatst door %(carer)s namens %(person)s",
            carer=posting.author.display_name,
            person=posting.for_person.display_name,
        )
    return _(
        "Geplaatst door %(carer)s, voor iemand in %(wijk)s",
        carer=posting.author.display_name,
        wijk=posting.neighbourhood,
    )
