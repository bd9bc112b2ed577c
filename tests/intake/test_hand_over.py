"""Responses come to the organisation; staff put volunteer and client in touch."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.intake.models import HandOver
from marketplace.responses.models import Message
from tests.conftest import log_in
from tests.factories import PostingFactory, ResponseFactory, person
from tests.intake.helpers import CLIENT_NOTES, CLIENT_PHONE, ClientFactory, staff_of


@pytest.fixture
def client_record(organisation):
    return ClientFactory(organisation=organisation, name="Mevrouw J.")


@pytest.fixture
def posting(organisation, staff, client_record):
    return PostingFactory(
        published=True,
        author=staff,
        organisation=organisation,
        client_id=client_record.id,
        on_behalf_of=client_record.name,
        volunteer_note="Bel twee keer, mevrouw hoort slecht.",
    )


@pytest.fixture
def volunteer():
    return person(volunteer=True)


def _page(http, path):
    return http.get(path).get_data(as_text=True)


def test_the_organisation_s_other_staff_may_accept_a_response(
    app, posting, organisation, volunteer
):
    response = ResponseFactory(posting=posting, responder=volunteer)
    colleague = staff_of(organisation)
    http = log_in(app.test_client(), colleague)
    answer = http.post(f"/berichten/{response.id}/accepteren")
    assert answer.status_code == 302
    db.session.refresh(response)
    assert response.status == "accepted"


def test_staff_see_the_hand_over_form_once_the_help_is_agreed(app, posting, staff, volunteer):
    response = ResponseFactory(posting=posting, responder=volunteer, accepted=True)
    page = _page(log_in(app.test_client(), staff), f"/berichten/{response.id}")
    assert "Contact leggen" in page
    assert CLIENT_PHONE in page  # staff may see it


def test_staff_are_told_to_agree_the_help_first(app, posting, staff, volunteer):
    response = ResponseFactory(posting=posting, responder=volunteer)
    page = _page(log_in(app.test_client(), staff), f"/berichten/{response.id}")
    assert "Spreek eerst de hulp af" in page
    assert 'name="consent"' not in page


def test_the_volunteer_sees_nothing_of_the_client_before_the_hand_over(app, posting, volunteer):
    response = ResponseFactory(posting=posting, responder=volunteer, accepted=True)
    page = _page(log_in(app.test_client(), volunteer), f"/berichten/{response.id}")
    assert CLIENT_PHONE not in page
    assert CLIENT_NOTES not in page
    assert "Contact leggen" not in page


def test_a_hand_over_shares_name_and_phone_with_the_volunteer(
    app, posting, staff, volunteer, client_record
):
    response = ResponseFactory(posting=posting, responder=volunteer, accepted=True)
    answer = log_in(app.test_client(), staff).post(
        f"/intake/overdracht/{response.id}", data={"consent": "y"}
    )
    assert answer.status_code == 302
    record = db.session.scalars(select(HandOver)).one()
    assert record.handed_over_by_id == staff.id
    assert record.client_phone == CLIENT_PHONE
    assert record.consent_given is True
    assert record.created_at is not None
    page = _page(log_in(app.test_client(), volunteer), f"/berichten/{response.id}")
    assert "Contact met Mevrouw J." in page
    assert CLIENT_PHONE in page
    assert CLIENT_NOTES not in page  # notes never leave the organisation
    assert "Bel twee keer, mevrouw hoort slecht." in page  # the intake's note for the helper


def test_the_note_for_the_volunteer_waits_for_the_hand_over(app, posting, staff, volunteer):
    response = ResponseFactory(posting=posting, responder=volunteer, accepted=True)
    before = _page(log_in(app.test_client(), volunteer), f"/berichten/{response.id}")
    assert "hoort slecht" not in before
    assert "hoort slecht" in _page(log_in(app.test_client(), staff), f"/berichten/{response.id}")


def test_the_volunteer_is_told_in_the_conversation_without_the_number_in_the_message(
    app, posting, staff, volunteer
):
    response = ResponseFactory(posting=posting, responder=volunteer, accepted=True)
    log_in(app.test_client(), staff).post(
        f"/intake/overdracht/{response.id}", data={"consent": "y"}
    )
    message = db.session.scalars(select(Message)).one()
    assert message.sender_id == staff.id
    assert "in contact gebracht met Mevrouw J." in message.body
    assert CLIENT_PHONE not in message.body


def test_without_the_client_s_consent_nothing_is_shared(app, posting, staff, volunteer):
    response = ResponseFactory(posting=posting, responder=volunteer, accepted=True)
    http = log_in(app.test_client(), staff)
    http.post(f"/intake/overdracht/{response.id}", data={})
    assert db.session.scalars(select(HandOver)).first() is None
    assert "Vink aan dat de cliënt het goed vindt" in _page(http, f"/berichten/{response.id}")


def test_no_hand_over_before_the_help_is_agreed(app, posting, staff, volunteer):
    response = ResponseFactory(posting=posting, responder=volunteer)
    log_in(app.test_client(), staff).post(
        f"/intake/overdracht/{response.id}", data={"consent": "y"}
    )
    assert db.session.scalars(select(HandOver)).first() is None


def test_a_second_hand_over_changes_nothing(app, posting, staff, volunteer):
    response = ResponseFactory(posting=posting, responder=volunteer, accepted=True)
    http = log_in(app.test_client(), staff)
    http.post(f"/intake/overdracht/{response.id}", data={"consent": "y"})
    http.post(f"/intake/overdracht/{response.id}", data={"consent": "y"})
    assert len(db.session.scalars(select(HandOver)).all()) == 1
    assert len(db.session.scalars(select(Message)).all()) == 1


def test_the_volunteer_cannot_hand_over_to_themselves(app, posting, volunteer):
    response = ResponseFactory(posting=posting, responder=volunteer, accepted=True)
    answer = log_in(app.test_client(), volunteer).post(
        f"/intake/overdracht/{response.id}", data={"consent": "y"}
    )
    assert answer.status_code == 403
    assert db.session.scalars(select(HandOver)).first() is None


def test_a_posting_without_a_client_has_no_client_block(app, organisation, staff, volunteer):
    plain = PostingFactory(published=True, author=staff, organisation=organisation)
    response = ResponseFactory(posting=plain, responder=volunteer, accepted=True)
    page = _page(log_in(app.test_client(), staff), f"/berichten/{response.id}")
    assert "Contact leggen" not in page
