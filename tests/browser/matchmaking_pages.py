"""The matchmaker's pages for the accessibility sweep: the world's organisation (Welzijn
Noord, whose coordinator is ``staff``) serves Stadsdriehoek, where a request nobody answered
is on "Hulp gezocht"; three volunteers fit it, one (the world's volunteer) was invited.
Made the first time a page asks for it, then reused."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from marketplace.accounts.memberships import Organisation
from marketplace.categories import Category
from marketplace.escalation.models import Escalation, EscalationStep
from marketplace.extensions import db
from marketplace.matchmaking.models import CaseNote, CredentialRule, MatchmakerInvitation
from marketplace.postings.models import Posting
from marketplace.timestamps import utcnow
from tests.browser.conftest import World
from tests.factories import PostingFactory, person

TITLE = "Wie haalt mijn medicijnen op?"


def matchmaking_world(world: World) -> Posting:
    found = db.session.scalar(select(Posting).where(Posting.title == TITLE))
    if found is not None:
        return found
    # Through this page's own session: the world's objects belong to the test's.
    organisation = db.session.get(Organisation, world.organisation.id)
    assert organisation is not None
    organisation.neighbourhoods = "Stadsdriehoek"
    posting = PostingFactory(published=True, author=person(display_name="Greet"), title=TITLE)
    for name in ("Fatima Yilmaz", "Joost de Wit"):
        person(postcode="3011", display_name=name, volunteer=True)
    db.session.add(
        Escalation(
            posting_id=posting.id,
            published_at=posting.published_at,
            step=EscalationStep.LISTED,
            listed_at=utcnow(),
        )
    )
    staff_id, volunteer_id = world.users["staff"].id, world.users["volunteer"].id
    db.session.add_all(
        [
            MatchmakerInvitation(
                posting_id=posting.id,
                volunteer_id=volunteer_id,
                invited_by_id=staff_id,
                organisation_id=organisation.id,
                kind="invited",
            ),
            CaseNote(
                posting_id=posting.id,
                organisation_id=organisation.id,
                author_id=staff_id,
                kind="call",
                body="Gebeld, neemt niet op",
            ),
        ]
    )
    db.session.commit()
    return posting


def _request(world: World) -> dict[str, Any]:
    return {"posting_id": matchmaking_world(world).id}


def _invitation(world: World) -> dict[str, Any]:
    posting = matchmaking_world(world)
    invitation = db.session.scalar(
        select(MatchmakerInvitation).where(MatchmakerInvitation.posting_id == posting.id)
    )
    assert invitation is not None
    return {"invitation_id": invitation.id}


def _organisation(world: World) -> dict[str, Any]:
    matchmaking_world(world)
    return {"organisation_id": world.organisation.id}


def _rules(world: World) -> dict[str, Any]:
    """One rule, so the page shows its table too: company and walks need a VOG."""
    if db.session.scalar(select(CredentialRule)) is None:
        gezelschap = db.session.scalar(select(Category).where(Category.slug == "gezelschap"))
        assert gezelschap is not None
        db.session.add(CredentialRule(category_id=gezelschap.id, kind="vog"))
        db.session.commit()
    return {}


# A kind of help the server does not know (the select offers only real ones).
UNKNOWN_CATEGORY = (
    "(() => { const s = document.querySelector('main select[name=category]');"
    " s.add(new Option('?', '999999')); s.value = '999999'; })()"
)


def matchmaking_pages(page_type: Any) -> list[Any]:
    """The PageTypes (``page_type`` is pages.PageType, passed in to avoid an import cycle)."""
    return [
        page_type("matchmaker-request", "matchmaking.request", ("staff",), _request, form=True),
        page_type(
            "matchmaker-request-more",
            "matchmaking.request",
            ("staff",),
            _request,
            query={"meer": "1"},
        ),
        page_type("matchmaker-invitation", "matchmaking.invitation", ("volunteer",), _invitation),
        page_type(
            "matchmaker-figures", "matchmaking.organisation_figures", ("staff",), _organisation
        ),
        page_type(
            "matchmaker-credentials",
            "matchmaking.credential_list",
            ("staff",),
            _organisation,
            form=True,
        ),
        page_type(
            "credential-rules",
            "matchmaking.rules",
            ("admin",),
            _rules,
            form=True,
            invalid_input=UNKNOWN_CATEGORY,
        ),
    ]
