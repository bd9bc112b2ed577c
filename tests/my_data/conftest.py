"""A person (Annabel) with one of every kind of data, her neighbours, and a stranger whose
data must never reach her."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest

from marketplace.accounts import two_factor
from marketplace.accounts.memberships import Organisation
from marketplace.accounts.models import RecoveryCode, User
from marketplace.audit import record_audit
from marketplace.extensions import db
from marketplace.followups.models import FollowUp
from marketplace.intake.models import Client, ClientInvite, HandOver
from marketplace.notifications.models import Notification
from marketplace.organisations.models import (
    Application,
    ApplicationNote,
    Invitation,
    Reference,
    VolunteerHours,
)
from marketplace.postings.models import Posting, PostingKind
from marketplace.responses.models import Response
from marketplace.timestamps import utcnow
from tests.accounts.conftest import rate_limited_client  # noqa: F401  (used by the tests here)
from tests.factories import (
    MatchSuggestionFactory,
    MembershipFactory,
    MessageFactory,
    OrganisationFactory,
    PostingFactory,
    ReportFactory,
    ResponseFactory,
    person,
)

NAME = "Annabel Zonneveld"
EMAIL = "annabel.zonneveld@example.org"
PHONE = "06 5555 1234"
POSTCODE = "3011 AB"
CLIENT_PHONE = "010 999 8888"
STRANGER_SECRET = "Geheim van Carla: de sleutel ligt bij de buren"


@dataclass
class World:
    anna: User
    bert: User
    carla: User
    organisation: Organisation
    request: Posting  # Anna's request; Bert's response accepted
    conversation: Response
    offer_response: Response  # Anna's pending response to Bert's offer
    client: Client  # an organisation's record about Anna, linked to her account


def _notification(user: User, key: str, subject: str, body: str, kind: str = "new_message"):
    return Notification(
        recipient=user,
        kind=kind,
        idempotency_key=key,
        to_email=user.email,
        subject=subject,
        body=body,
    )


@pytest.fixture
def world() -> World:
    anna = person(postcode=POSTCODE, display_name=NAME, phone=PHONE, volunteer=True)
    anna.email = EMAIL
    bert = person("3012", display_name="Bert Helper", volunteer=True)
    carla = person("3013", display_name="Carla Vreemd")
    organisation = OrganisationFactory(name="Welzijn Zuid", email=EMAIL)
    other_organisation = OrganisationFactory(name="Buurtwerk West")
    MembershipFactory(organisation=organisation, user=anna, role="staff")
    db.session.flush()
    # Staff must log in with two steps; her secret and recovery code are keys to erase.
    two_factor.enable_with_secret(db.session, anna, "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP")
    db.session.add(RecoveryCode(user_id=anna.id, code_digest="b" * 64))

    request = PostingFactory(
        author=anna,
        published=True,
        title="Boodschappen voor Annabel",
        description=f"Ik ben {NAME} en woon op {POSTCODE}.",
        postcode=POSTCODE,
    )
    conversation = ResponseFactory(posting=request, responder=bert, accepted=True)
    MessageFactory(response=conversation, sender=bert, body=f"Hoi {NAME}, ik kom dinsdag.")
    MessageFactory(response=conversation, sender=anna, body=f"Fijn! Bel me op {PHONE}.")
    offer = PostingFactory(author=bert, published=True, offer=True)
    offer_response = ResponseFactory(posting=offer, responder=anna, message="Ik ben Annabel.")

    vacancy = PostingFactory(
        author=bert, published=True, kind=PostingKind.VACANCY, organisation=organisation
    )
    applied = ResponseFactory(posting=vacancy, responder=anna, message="Ik wil graag helpen.")
    db.session.flush()
    application = Application(response=applied)
    db.session.add(application)
    db.session.flush()
    db.session.add_all(
        [
            ApplicationNote(application=application, author_id=bert.id, body="Aardig gesprek."),
            VolunteerHours(
                application_id=application.id,
                worked_on=date(2026, 11, 2),
                hours=Decimal("2.5"),
                note="Met Annabel Zonneveld gewandeld",
            ),
            Reference(application=application, body="Annabel is betrouwbaar.", author_id=bert.id),
            FollowUp(response=conversation, user=anna, round=1, answer="yes"),
            Invitation(
                organisation=other_organisation,
                email=EMAIL,
                token_hash="a" * 64,
                expires_at=utcnow(),
            ),
        ]
    )
    ReportFactory(reporter=anna, posting=offer, reason="Dit lijkt op reclame.")
    ReportFactory(reporter=bert, posting=None, reported_user=anna, reason="Onaardig")
    MatchSuggestionFactory(posting=offer, user=anna)

    client = Client(
        organisation=organisation,
        name="Annabel Z.",
        postcode=POSTCODE,
        neighbourhood="Stadsdriehoek",
        phone=CLIENT_PHONE,
        notes="Slecht ter been",
        user=anna,
        linked_at=utcnow(),
    )
    other_client = Client(
        organisation=other_organisation,
        name="A. Zonneveld",
        postcode="3012",
        neighbourhood="Cool",
        phone="010 111 2222",
        notes="Niet aan Annabel laten zien",
    )
    db.session.add_all([client, other_client])
    db.session.flush()
    db.session.add(ClientInvite(client=other_client, email=EMAIL))
    client_posting = PostingFactory(
        author=bert,
        organisation=organisation,
        client_id=client.id,
        on_behalf_of="Annabel Z.",
        published=True,
        volunteer_note=f"Bel {CLIENT_PHONE}",
    )
    client_response = ResponseFactory(posting=client_posting, responder=carla, accepted=True)
    db.session.flush()
    db.session.add(
        HandOver(
            response=client_response,
            client=client,
            client_name="Annabel Z.",
            client_phone=CLIENT_PHONE,
            consent_given=True,
        )
    )

    # Carla and Bert's own conversation: nothing of it belongs to Anna.
    carla_request = PostingFactory(author=carla, published=True, title="Carla zoekt hulp")
    carla_talk = ResponseFactory(posting=carla_request, responder=bert)
    MessageFactory(response=carla_talk, sender=carla, body=STRANGER_SECRET)

    db.session.add_all(
        [
            _notification(anna, "n-anna", "Nieuw bericht", "Bert stuurde u een bericht."),
            _notification(bert, "n-bert", f"{NAME} reageerde", f"{NAME} schreef u een bericht."),
            _notification(carla, "n-carla", "Nieuw bericht", STRANGER_SECRET),
        ]
    )
    record_audit(db.session, anna, "posting.approve", carla_request)
    db.session.commit()
    return World(anna, bert, carla, organisation, request, conversation, offer_response, client)
