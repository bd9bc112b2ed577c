"""The sociale kaart's pages for the accessibility sweep: the demo kaart (about sixty
services), with the buurthuis in Oude Noorden run by the world's organisation (Welzijn
Noord, whose coordinator is ``staff``) and one new service waiting for a moderator. Made the
first time a page asks for it, then reused."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from marketplace.accounts.memberships import Organisation
from marketplace.accounts.models import User
from marketplace.demo.sociale_kaart import load_sociale_kaart_demo
from marketplace.extensions import db
from marketplace.postings.models import Posting
from marketplace.sociale_kaart.models import (
    HsdsOrganization,
    Publication,
    Referral,
    ReferralSubject,
    Service,
    TaxonomyTerm,
)
from marketplace.sociale_kaart.subjects import token_for
from marketplace.timestamps import local_today, utcnow
from tests.browser.conftest import World
from tests.factories import PostingFactory

OWN = "demo-koffie-3035"  # the coffee morning at Buurthuis De Zwaan
PENDING = "demo-maatje-3035"
CLIENT_REQUEST = "Hulp bij de post voor een cliënt"


def kaart_world(world: World) -> None:
    if db.session.get(Service, OWN) is not None:
        return
    load_sociale_kaart_demo(db.session, local_today())
    hall = db.session.get(HsdsOrganization, "demo-org-3035")
    assert hall is not None
    hall.organisation_id = world.organisation.id
    pending = db.session.get(Service, PENDING)
    assert pending is not None
    pending.publication = Publication.PENDING
    now = utcnow()
    # A request Welfare Noord's coordinator handles for a client: she refers from it.
    PostingFactory(
        published=True,
        organisation=db.session.get(Organisation, world.organisation.id),
        author=db.session.get(User, world.users["staff"].id),
        title=CLIENT_REQUEST,
        description="Mevrouw durft haar post niet meer open te maken.",
    )
    db.session.add(
        Referral(
            service_id=OWN,
            referred_by_id=world.users["staff"].id,
            consent_at=now,
            ask_outcome_at=now,
        )
    )
    db.session.commit()


def _kaart(world: World) -> dict[str, Any]:
    kaart_world(world)
    return {}


def _own(world: World) -> dict[str, Any]:
    kaart_world(world)
    return {"service_id": OWN}


def _referral(world: World) -> dict[str, Any]:
    kaart_world(world)
    made = db.session.scalar(select(Referral).order_by(Referral.id))
    assert made is not None
    return {"referral_id": made.id}


def client_request(world: World) -> Posting:
    kaart_world(world)
    found = db.session.scalar(select(Posting).where(Posting.title == CLIENT_REQUEST))
    assert found is not None
    return found


def _refer_from(world: World) -> dict[str, Any]:
    posting = client_request(world)
    staff = db.session.get(User, world.users["staff"].id)
    token = token_for(ReferralSubject.POSTING, posting.id, staff, f"/oproepen/{posting.id}")
    return {"voor": token, "q": "schuld"}


def _term(world: World) -> dict[str, Any]:
    kaart_world(world)
    term = db.session.scalar(select(TaxonomyTerm).order_by(TaxonomyTerm.id))
    assert term is not None
    return {"term_id": term.id}


def _organisation(world: World) -> dict[str, Any]:
    kaart_world(world)
    return {"organisation_id": world.organisation.id}


def sociale_kaart_pages(page_type: Any) -> list[Any]:
    """The PageTypes (``page_type`` is pages.PageType, passed in to avoid an import cycle)."""
    return [
        page_type("kaart", "sociale_kaart.index", ("anonymous", "resident"), _kaart),
        page_type(
            "kaart-filtered",
            "sociale_kaart.index",
            ("anonymous",),
            _kaart,
            query={"q": "eenzaam", "kosten": "free", "sort": "distance", "postcode": "3011"},
        ),
        page_type(
            "kaart-bad-postcode", "sociale_kaart.index", ("anonymous",), _kaart, {"postcode": "xx"}
        ),
        page_type("kaart-service", "sociale_kaart.service", ("anonymous", "resident"), _own),
        page_type("kaart-print", "sociale_kaart.print_service", ("anonymous",), _own),
        page_type(
            "kaart-compare",
            "sociale_kaart.compare",
            ("anonymous",),
            _kaart,
            {"dienst": "demo-schuldhulp-3072"},
        ),
        page_type("kaart-helpdesk", "sociale_kaart.helpdesk", ("moderator",), _kaart),
        page_type("kaart-moderation", "sociale_kaart.moderation", ("moderator",), _kaart),
        page_type("kaart-mine", "sociale_kaart.mine", ("staff",), _kaart),
        page_type(
            "kaart-new-service", "sociale_kaart.new_service", ("staff",), _organisation, form=True
        ),
        page_type("kaart-edit-service", "sociale_kaart.edit_service", ("staff",), _own, form=True),
        page_type("kaart-confirm", "sociale_kaart.confirm", ("staff",), _own),
        page_type("kaart-refer", "sociale_kaart.refer", ("staff",), _own, form=True),
        page_type("kaart-referral", "sociale_kaart.referral", ("staff",), _referral, form=True),
        page_type("kaart-import", "sociale_kaart.import_services", ("admin",), _kaart, form=True),
        page_type("kaart-taxonomy", "sociale_kaart.taxonomy", ("admin",), _kaart, form=True),
        page_type("kaart-term", "sociale_kaart.term", ("admin",), _term, form=True),
        page_type("kaart-refer-from", "sociale_kaart.refer_from", ("staff",), _refer_from),
    ]
