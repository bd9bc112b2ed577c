"""A carer acts for someone: posting, answering and accepting "namens", only with consent,
and all of it in the person's export (accounts.delegations, permissions, posting_steps,
responses, my_data)."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.accounts.delegations import DelegatedAction, Delegation, DelegationStatus
from marketplace.extensions import db
from marketplace.my_data.erasure import erase_account
from marketplace.my_data.export import collect_my_data
from marketplace.postings.models import Posting, PostingStatus
from marketplace.responses.models import ResponseStatus
from tests.carers.helpers import daughter_and_mother
from tests.conftest import log_in
from tests.factories import PostingFactory, ResponseFactory, category, person

STEP1 = {"title": "Wie wandelt met mijn moeder?", "description": "Zij loopt graag in het park."}


def _start_for(client, someone):
    data = {"category_id": category("boodschappen").id, **STEP1}
    return client.post(f"/oproepen/vragen/?voor={someone.id}", data=data)


def _posted_for(carer, someone, **kwargs) -> Posting:
    posting = PostingFactory(
        published=True,
        author=carer,
        for_person=someone,
        postcode="3061",
        pc4="3061",
        neighbourhood="Kralingen-West",
        **kwargs,
    )
    db.session.commit()
    return posting


def test_a_carer_with_consent_starts_a_request_for_the_person_at_her_wijk(client):
    ingrid, mother, _ = daughter_and_mother()
    log_in(client, ingrid)
    page = client.get(f"/oproepen/vragen/?voor={mother.id}")
    assert "U vraagt hulp namens Mevrouw de Vries" in page.text
    response = _start_for(client, mother)
    assert response.status_code == 302
    draft = db.session.scalars(select(Posting)).one()
    assert (draft.author_id, draft.for_person_id) == (ingrid.id, mother.id)
    assert draft.neighbourhood == "Kralingen-West"


def test_without_consent_to_post_the_request_page_for_someone_is_not_found(client):
    ingrid, mother, _ = daughter_and_mother(scopes=("respond",))
    log_in(client, ingrid)
    assert client.get(f"/oproepen/vragen/?voor={mother.id}").status_code == 404
    assert _start_for(client, mother).status_code == 404
    assert db.session.scalars(select(Posting)).first() is None


def test_sending_the_request_records_who_posted_it_for_whom(client):
    ingrid, mother, delegation = daughter_and_mother()
    log_in(client, ingrid)
    _start_for(client, mother)
    draft = db.session.scalars(select(Posting)).one()
    client.post(f"/oproepen/vragen/{draft.id}/wanneer", data={"timing": "flexible"})
    client.post(f"/oproepen/vragen/{draft.id}/controleren", data={})
    assert db.session.get(Posting, draft.id).status == PostingStatus.PENDING
    action = db.session.scalars(select(DelegatedAction)).one()
    assert (action.delegation_id, action.kind, action.posting_id) == (
        delegation.id,
        "posted",
        draft.id,
    )


def test_a_draft_cannot_be_sent_after_the_consent_ended(client):
    ingrid, mother, delegation = daughter_and_mother()
    log_in(client, ingrid)
    _start_for(client, mother)
    draft = db.session.scalars(select(Posting)).one()
    delegation.status = DelegationStatus.ENDED
    db.session.commit()
    response = client.post(f"/oproepen/vragen/{draft.id}/controleren", data={})
    assert response.status_code == 403
    assert db.session.get(Posting, draft.id).status == PostingStatus.DRAFT


def test_a_volunteer_sees_who_to_call_and_the_wijk_but_not_the_persons_name(client):
    ingrid, mother, _ = daughter_and_mother()
    posting = _posted_for(ingrid, mother)
    log_in(client, person(volunteer=True))
    page = client.get(f"/oproepen/{posting.id}")
    assert "Geplaatst door Ingrid, voor iemand in Kralingen-West" in page.text
    assert "Mevrouw de Vries" not in page.text


def test_the_person_and_her_carer_see_namens_with_both_names(client):
    ingrid, mother, _ = daughter_and_mother()
    posting = _posted_for(ingrid, mother)
    for viewer in (mother, ingrid):
        log_in(client, viewer)
        page = client.get(f"/oproepen/{posting.id}")
        assert "Geplaatst door Ingrid namens Mevrouw de Vries" in page.text
        assert "Uw oproep" in page.text


def test_a_carer_with_consent_to_accept_accepts_a_volunteer_and_it_is_recorded(client):
    ingrid, mother, delegation = daughter_and_mother()
    posting = _posted_for(ingrid, mother)
    response = ResponseFactory(posting=posting)
    db.session.commit()
    log_in(client, ingrid)
    client.post(f"/berichten/{response.id}/accepteren")
    assert response.status == ResponseStatus.ACCEPTED
    action = db.session.scalars(select(DelegatedAction)).one()
    assert (action.kind, action.response_id, action.delegation_id) == (
        "accepted",
        response.id,
        delegation.id,
    )


def test_a_carer_without_consent_to_accept_cannot_accept(client):
    ingrid, mother, _ = daughter_and_mother(scopes=("post", "respond"))
    posting = _posted_for(ingrid, mother)
    response = ResponseFactory(posting=posting)
    db.session.commit()
    log_in(client, ingrid)
    page = client.get(f"/berichten/{response.id}")
    assert page.status_code == 200
    client.post(f"/berichten/{response.id}/accepteren")
    db.session.refresh(response)
    assert response.status == ResponseStatus.PENDING


def test_after_the_consent_ends_the_carer_loses_the_conversations(client):
    ingrid, mother, delegation = daughter_and_mother()
    posting = _posted_for(ingrid, mother)
    response = ResponseFactory(posting=posting)
    delegation.status = DelegationStatus.ENDED
    db.session.commit()
    log_in(client, ingrid)
    assert client.get(f"/berichten/{response.id}").status_code == 404
    log_in(client, mother)
    assert client.get(f"/berichten/{response.id}").status_code == 200


def test_a_carers_answer_is_recorded_as_namens(client):
    ingrid, mother, _ = daughter_and_mother()
    posting = _posted_for(ingrid, mother)
    response = ResponseFactory(posting=posting)
    db.session.commit()
    log_in(client, ingrid)
    client.post(f"/berichten/{response.id}", data={"body": "Fijn! Bel mij even."})
    assert db.session.scalars(select(DelegatedAction.kind)).all() == ["answered"]


def test_the_volunteer_sees_the_carer_and_the_wijk_in_the_conversation(client):
    ingrid, mother, _ = daughter_and_mother()
    posting = _posted_for(ingrid, mother)
    response = ResponseFactory(posting=posting)
    db.session.commit()
    log_in(client, response.responder)
    page = client.get(f"/berichten/{response.id}")
    assert "Ingrid, voor iemand in Kralingen-West" in page.text
    assert "Mevrouw de Vries" not in page.text


def test_the_persons_export_holds_the_consent_the_request_and_who_did_it(session, client):
    ingrid, mother, _ = daughter_and_mother()
    posting = _posted_for(ingrid, mother)
    response = ResponseFactory(posting=posting)
    db.session.commit()
    log_in(client, ingrid)
    client.post(f"/berichten/{response.id}/accepteren")
    data = collect_my_data(db.session, mother)
    assert [(d["role"], d["carer"], d["scopes"]) for d in data["delegations"]] == [
        ("cared_for", "Ingrid", ["post", "respond", "accept"])
    ]
    assert [(p["id"], p["posted_by"]) for p in data["postings"]] == [(posting.id, "Ingrid")]
    assert [(a["kind"], a["done_by"]) for a in data["delegated_actions"]] == [
        ("accepted", "Ingrid")
    ]


def test_the_readable_export_page_shows_the_consent(client):
    _ingrid, mother, _ = daughter_and_mother()
    log_in(client, mother)
    page = client.get("/mijn-gegevens")
    assert "Toestemming om namens iemand te handelen" in page.text
    assert "Ingrid" in page.text


def test_erasing_the_person_deletes_her_consents_and_empties_requests_for_her(session):
    ingrid, mother, _ = daughter_and_mother()
    posting = _posted_for(ingrid, mother)
    erase_account(db.session, mother)
    db.session.commit()
    assert db.session.scalars(select(Delegation)).first() is None
    emptied = db.session.get(Posting, posting.id)
    assert emptied.status == PostingStatus.CLOSED
    assert "park" not in emptied.description
