"""Who may open the intake pages: only the organisation's own staff."""

from __future__ import annotations

import pytest

from tests.conftest import log_in
from tests.factories import OrganisationFactory, PostingFactory, ResponseFactory
from tests.intake.helpers import ClientFactory, staff_of

OUTSIDERS = ["plain user", "staff of another organisation", "moderator", "admin"]


def _staff_pages(organisation, client, posting):
    oid = organisation.id
    return [
        f"/intake/{oid}/nieuw",
        f"/intake/{oid}/clienten",
        f"/intake/{oid}/clienten/{client.id}",
        f"/intake/{oid}/bevestiging/{posting.id}",
    ]


@pytest.fixture
def pages(organisation, staff):
    client = ClientFactory(organisation=organisation)
    posting = PostingFactory(author=staff, organisation=organisation, client_id=client.id)
    return _staff_pages(organisation, client, posting)


def test_visitor_is_sent_to_the_login_page_from_every_staff_page(client, pages):
    for path in pages:
        answer = client.get(path)
        assert answer.status_code == 302, path
        assert "/inloggen" in answer.headers["Location"]


@pytest.mark.parametrize("who", OUTSIDERS)
def test_everyone_outside_the_organisation_gets_403_on_every_staff_page(client, pages, roles, who):
    log_in(client, roles[who])
    for path in pages:
        assert client.get(path).status_code == 403, path


def test_staff_of_the_organisation_can_open_every_staff_page(client, pages, staff):
    log_in(client, staff)
    for path in pages:
        assert client.get(path).status_code == 200, path


def test_a_coordinator_can_open_the_intake_too(client, organisation):
    log_in(client, staff_of(organisation, role="coordinator"))
    assert client.get(f"/intake/{organisation.id}/nieuw").status_code == 200


def test_an_organisation_that_does_not_exist_is_404(client, staff):
    log_in(client, staff)
    assert client.get("/intake/999999/nieuw").status_code == 404
    assert client.get("/intake/999999/clienten").status_code == 404


def test_a_client_of_another_organisation_is_404_under_this_one(client, organisation, staff):
    stranger = ClientFactory(organisation=OrganisationFactory())
    log_in(client, staff)
    assert client.get(f"/intake/{organisation.id}/clienten/{stranger.id}").status_code == 404
    assert client.get(f"/intake/{organisation.id}/clienten/999999").status_code == 404


def test_a_posting_without_a_client_has_no_confirmation(client, organisation, staff):
    posting = PostingFactory(author=staff, organisation=organisation)
    log_in(client, staff)
    answer = client.get(f"/intake/{organisation.id}/bevestiging/{posting.id}")
    assert answer.status_code == 404


def test_staff_of_an_organisation_not_yet_approved_are_told_to_wait(client):
    pending = OrganisationFactory(pending=True)
    log_in(client, staff_of(pending))
    answer = client.get(f"/intake/{pending.id}/nieuw")
    assert answer.status_code == 403
    assert "nog niet goedgekeurd" in answer.get_data(as_text=True)


def test_posting_to_the_intake_as_an_outsider_creates_nothing(client, organisation, roles):
    log_in(client, roles["admin"])
    answer = client.post(f"/intake/{organisation.id}/nieuw", data={"client_name": "Joke"})
    assert answer.status_code == 403


def test_the_hand_over_only_answers_post(client, staff):
    log_in(client, staff)
    assert client.get("/intake/overdracht/1").status_code == 405


def test_a_hand_over_for_a_conversation_one_takes_no_part_in_is_404(client, organisation, roles):
    response = ResponseFactory(
        posting=PostingFactory(published=True, organisation=organisation), accepted=True
    )
    log_in(client, roles["moderator"])
    assert client.post(f"/intake/overdracht/{response.id}").status_code == 404


def test_the_client_page_of_the_own_requests_needs_a_login(client):
    answer = client.get("/intake/mijn-hulpvragen")
    assert answer.status_code == 302
