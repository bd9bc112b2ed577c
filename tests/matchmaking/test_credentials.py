"""Volunteers' credentials: recorded by staff, and requests that need one are offered only
to volunteers holding a valid one, with the reason said."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.matching.models import MatchSuggestion
from marketplace.matching.services import match_posting
from marketplace.matchmaking.models import Credential, CredentialRequirement, CredentialRule
from marketplace.timestamps import local_today
from tests.conftest import log_in
from tests.factories import category
from tests.matchmaking.conftest import give_vog, listed_request, volunteer, worker


def _org_id(staff) -> int:
    return staff.memberships[0].organisation.id


def _flag(posting, kind="vog"):
    db.session.add(CredentialRequirement(posting_id=posting.id, kind=kind))
    db.session.commit()


def test_staff_record_a_vog_for_a_volunteer(client):
    staff, helper = worker(), volunteer()
    log_in(client, staff)
    response = client.post(
        f"/koppelen/organisatie/{_org_id(staff)}/bewijzen",
        data={"email": helper.email, "kind": "vog", "issued_on": "1-12-2026", "expires_on": ""},
    )
    assert response.status_code == 302
    credential = db.session.scalar(select(Credential))
    assert credential.user_id == helper.id and credential.recorded_by_id == staff.id
    assert credential.expires_on == credential.issued_on.replace(year=2029)


def test_an_unknown_address_is_refused_and_kept(client):
    staff = worker()
    log_in(client, staff)
    response = client.post(
        f"/koppelen/organisatie/{_org_id(staff)}/bewijzen",
        data={"email": "niemand@example.org", "kind": "vog", "issued_on": "1-12-2026"},
    )
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "Wij kennen geen vrijwilliger" in page and "niemand@example.org" in page


def test_another_organisations_credential_list_does_not_exist_for_you(client):
    log_in(client, worker())
    other = worker()
    assert client.get(f"/koppelen/organisatie/{_org_id(other)}/bewijzen").status_code == 404


def test_a_flagged_request_is_suggested_only_to_volunteers_with_a_vog(session):
    posting, staff = listed_request(), worker()
    with_vog, without = volunteer(), volunteer()
    give_vog(with_vog, _org_id(staff))
    _flag(posting)
    match_posting(session, posting)
    suggested = session.scalars(
        select(MatchSuggestion.user_id).where(MatchSuggestion.posting_id == posting.id)
    ).all()
    assert with_vog.id in suggested and without.id not in suggested


def test_an_expired_vog_does_not_count(session):
    posting, staff, helper = listed_request(), worker(), volunteer()
    give_vog(
        helper,
        _org_id(staff),
        issued_on=local_today() - timedelta(days=2000),
        expires_on=local_today() - timedelta(days=1),
    )
    _flag(posting)
    assert match_posting(session, posting) == []


def test_the_reason_says_the_volunteer_has_a_vog(client):
    posting, staff, helper = listed_request(), worker(), volunteer()
    give_vog(helper, _org_id(staff))
    _flag(posting)
    log_in(client, staff)
    page = client.get(f"/koppelen/oproep/{posting.id}").get_data(as_text=True)
    assert "Heeft een VOG" in page
    assert helper.profile.display_name in page


def test_a_category_can_need_a_credential_by_rule(session):
    posting, staff = listed_request(category=category("boodschappen")), worker()
    without = volunteer()
    session.add(CredentialRule(category_id=posting.category_id, kind="vog"))
    session.commit()
    assert [m.user_id for m in match_posting(session, posting)] == []
    give_vog(without, _org_id(staff))
    assert [m.user_id for m in match_posting(session, posting)] == [without.id]


def test_staff_flag_a_request_from_the_matchmaker_page(client):
    posting, staff = listed_request(), worker()
    log_in(client, staff)
    client.post(f"/koppelen/oproep/{posting.id}/bewijs-nodig", data={"kind": "dementia"})
    assert db.session.scalar(select(CredentialRequirement.kind)) == "dementia"


def test_a_volunteer_whose_profile_changed_is_not_offered_a_flagged_request(session):
    from marketplace.matching.services import rematch_person

    posting, helper = listed_request(), volunteer()
    _flag(posting)
    rematch_person(session, helper)
    suggested = session.scalars(
        select(MatchSuggestion.posting_id).where(MatchSuggestion.user_id == helper.id)
    ).all()
    assert posting.id not in suggested
