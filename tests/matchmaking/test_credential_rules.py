"""Admins set which credential a kind of help needs (``/koppelen/beheer/bewijs-per-soort``);
when what a request needs changes, suggestions to people who no longer qualify go and the
request is matched again through the outbox, saying which credential was needed."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.audit import AuditEvent
from marketplace.extensions import db
from marketplace.matching.models import MatchRequest, MatchSuggestion
from marketplace.matching.services import match_posting, run_match_request
from marketplace.matchmaking.models import CredentialRequirement, CredentialRule
from tests.conftest import log_in
from tests.factories import UserFactory, category
from tests.matchmaking.conftest import give_vog, listed_request, volunteer, worker

PAGE = "/koppelen/beheer/bewijs-per-soort"


def _suggested(posting) -> set[int]:
    db.session.expire_all()
    return set(
        db.session.scalars(
            select(MatchSuggestion.user_id).where(MatchSuggestion.posting_id == posting.id)
        )
    )


def _waiting_requests(posting) -> list[MatchRequest]:
    return list(
        db.session.scalars(
            select(MatchRequest)
            .where(MatchRequest.posting_id == posting.id)
            .where(MatchRequest.idempotency_key.startswith("requirements:"))
            .where(MatchRequest.completed_at.is_(None))
        )
    )


def _run(match_request: MatchRequest) -> None:
    run_match_request(db.session, match_request.id)
    db.session.commit()


def test_only_admins_see_the_rules_page(client):
    assert client.get(PAGE).status_code == 302  # to the log-in page
    log_in(client, worker())
    assert client.get(PAGE).status_code == 403
    log_in(client, UserFactory(admin=True))
    assert client.get(PAGE).status_code == 200


def test_a_staff_member_cannot_add_a_rule(client):
    log_in(client, worker())
    response = client.post(PAGE, data={"category": category().id, "kind": "vog"})
    assert response.status_code == 403
    assert db.session.scalar(select(CredentialRule)) is None


def test_an_admin_adds_a_rule_and_it_is_audited(client):
    admin = UserFactory(admin=True)
    gezelschap = category("gezelschap")
    log_in(client, admin)
    response = client.post(PAGE, data={"category": gezelschap.id, "kind": "vog"})
    assert response.status_code == 302
    rule = db.session.scalar(select(CredentialRule))
    assert (rule.category_id, rule.kind) == (gezelschap.id, "vog")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "credential_rule.add"))
    assert event.actor_id == admin.id and event.reason == "gezelschap: vog"
    page = client.get(PAGE).get_data(as_text=True)
    assert "Gezelschap en wandelen" in page and "VOG (Verklaring Omtrent het Gedrag)" in page


def test_an_unknown_category_or_kind_is_refused_with_a_message(client):
    log_in(client, UserFactory(admin=True))
    category()
    response = client.post(PAGE, data={"category": "999999", "kind": "rijbewijs"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Kies een soort hulp uit de lijst." in page and "Kies een VOG of een training." in page
    assert db.session.scalar(select(CredentialRule)) is None


def test_the_same_rule_twice_is_refused_with_a_message(client):
    log_in(client, UserFactory(admin=True))
    data = {"category": category().id, "kind": "vog"}
    client.post(PAGE, data=data)
    response = client.post(PAGE, data=data)
    assert response.status_code == 422
    assert "Deze regel bestaat al" in response.get_data(as_text=True)
    assert len(db.session.scalars(select(CredentialRule)).all()) == 1


def test_the_page_in_english(client):
    admin = UserFactory(admin=True, locale="en")
    log_in(client, admin)
    page = client.get(PAGE, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Credential per kind of help" in page


def test_an_admin_removes_a_rule_and_it_is_audited(client):
    rule = CredentialRule(category_id=category().id, kind="vog")
    db.session.add(rule)
    db.session.commit()
    log_in(client, UserFactory(admin=True))
    assert client.post(f"{PAGE}/{rule.id}/weg").status_code == 302
    assert db.session.scalar(select(CredentialRule)) is None
    assert db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "credential_rule.remove")
    )


def test_removing_a_rule_that_is_gone_says_so(client):
    log_in(client, UserFactory(admin=True))
    response = client.post(f"{PAGE}/999999/weg", follow_redirects=True)
    assert "Deze regel bestaat niet (meer)" in response.get_data(as_text=True)


def test_a_new_rule_drops_suggestions_to_volunteers_without_it_at_once(client):
    posting, staff = listed_request(), worker()
    with_vog, without = volunteer(), volunteer()
    give_vog(with_vog, staff.memberships[0].organisation.id)
    match_posting(db.session, posting)
    db.session.commit()
    assert {with_vog.id, without.id} <= _suggested(posting)
    log_in(client, UserFactory(admin=True))
    client.post(PAGE, data={"category": posting.category_id, "kind": "vog"})
    assert without.id not in _suggested(posting)
    assert with_vog.id in _suggested(posting)


def test_a_new_rule_matches_the_open_requests_again_through_the_outbox(client):
    posting, staff, helper = listed_request(), worker(), volunteer()
    log_in(client, UserFactory(admin=True))
    client.post(PAGE, data={"category": posting.category_id, "kind": "vog"})
    [waiting] = _waiting_requests(posting)
    _run(waiting)
    assert helper.id not in _suggested(posting)  # no VOG yet
    give_vog(helper, staff.memberships[0].organisation.id)
    client.post(f"{PAGE}/{db.session.scalar(select(CredentialRule.id))}/weg")
    # the rule went: matched again, now everyone counts
    [again] = _waiting_requests(posting)
    _run(again)
    assert helper.id in _suggested(posting)


def test_the_reason_says_which_credential_the_request_needed(session):
    posting, staff, helper = listed_request(), worker(), volunteer()
    give_vog(helper, staff.memberships[0].organisation.id)
    session.add(CredentialRule(category_id=posting.category_id, kind="vog"))
    session.commit()
    match_posting(session, posting)
    session.commit()
    suggestion = session.scalar(select(MatchSuggestion).where(MatchSuggestion.user_id == helper.id))
    assert suggestion.reasons["credentials"] == ["vog"]
    from marketplace.matching.reasons import reason_phrases

    assert "Heeft een VOG, nodig voor deze oproep" in reason_phrases(suggestion.reasons, {})


def test_flagging_a_request_drops_suggestions_and_asks_for_a_new_match(client):
    posting, staff = listed_request(), worker()
    with_dementia, without = volunteer(), volunteer()
    give_vog(with_dementia, staff.memberships[0].organisation.id, kind="dementia")
    match_posting(db.session, posting)
    db.session.commit()
    assert {with_dementia.id, without.id} <= _suggested(posting)
    log_in(client, staff)
    client.post(f"/koppelen/oproep/{posting.id}/bewijs-nodig", data={"kind": "dementia"})
    assert _suggested(posting) == {with_dementia.id}
    [waiting] = _waiting_requests(posting)
    _run(waiting)
    assert _suggested(posting) == {with_dementia.id}


def test_unflagging_a_request_offers_it_to_everyone_again(client):
    posting, staff, helper = listed_request(), worker(), volunteer()
    db.session.add(CredentialRequirement(posting_id=posting.id, kind="vog"))
    db.session.commit()
    match_posting(db.session, posting)
    db.session.commit()
    assert helper.id not in _suggested(posting)
    log_in(client, staff)
    client.post(f"/koppelen/oproep/{posting.id}/bewijs-nodig/vog/weg")
    [waiting] = _waiting_requests(posting)
    _run(waiting)
    assert helper.id in _suggested(posting)


def test_a_rule_for_another_category_leaves_a_request_alone(client):
    posting = listed_request(category=category("boodschappen"))
    helper = volunteer()
    match_posting(db.session, posting)
    db.session.commit()
    log_in(client, UserFactory(admin=True))
    client.post(PAGE, data={"category": category("tuin").id, "kind": "vog"})
    assert helper.id in _suggested(posting)
    assert _waiting_requests(posting) == []
