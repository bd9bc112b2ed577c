"""Issue 16 gaps: every route that acts on a request posted for someone asks for the
consent that covers it and still runs; after the consent ends the carer is no longer told
about the person's requests, the person is."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from sqlalchemy import func, select

from marketplace.accounts.delegations import DelegationStatus
from marketplace.carers.services import end_consent
from marketplace.extensions import db
from marketplace.lasting_contact.models import LastingContact
from marketplace.lasting_contact.reminders import remind_batch
from marketplace.moderation.services import approve_posting
from marketplace.notifications.models import Notification
from marketplace.postings.models import Posting, PostingStatus
from marketplace.responses.models import ResponseStatus
from marketplace.responses.services import respond_to_posting, send_message
from marketplace.timestamps import local_today, utcnow
from tests.carers.helpers import daughter_and_mother
from tests.conftest import log_in
from tests.factories import PostingFactory, ResponseFactory, UserFactory, person
from tests.postings.test_writing_routes import form


def _posted_for(carer, someone, **kwargs) -> Posting:
    posting = PostingFactory(
        published=True, author=carer, for_person=someone, postcode="3061", pc4="3061", **kwargs
    )
    db.session.commit()
    return posting


def _edit_data():
    values = form(title="Wie wandelt met mijn moeder?")
    values.pop("kind")
    return values


def _told(user, kind):
    return db.session.scalar(
        select(func.count(Notification.id)).where(
            Notification.recipient_id == user.id, Notification.kind == kind
        )
    )


def _ended(delegation):
    delegation.status = DelegationStatus.ENDED
    db.session.commit()


WITHOUT_POST = ("respond", "accept")


@pytest.mark.parametrize("scopes", [WITHOUT_POST, "ended"])
def test_a_carer_without_running_consent_to_post_cannot_edit_the_request(client, scopes):
    ingrid, mother, delegation = daughter_and_mother(
        scopes=WITHOUT_POST if scopes != "ended" else ("post", "respond", "accept")
    )
    posting = _posted_for(ingrid, mother)
    if scopes == "ended":
        _ended(delegation)
    log_in(client, ingrid)
    assert client.get(f"/oproepen/{posting.id}/wijzigen").status_code == 404
    answer = client.post(f"/oproepen/{posting.id}/wijzigen", data=_edit_data())
    assert answer.status_code == 404
    db.session.refresh(posting)
    assert posting.title != "Wie wandelt met mijn moeder?"


@pytest.mark.parametrize("scopes", [WITHOUT_POST, "ended"])
def test_a_carer_without_running_consent_to_post_cannot_close_the_request(client, scopes):
    ingrid, mother, delegation = daughter_and_mother(
        scopes=WITHOUT_POST if scopes != "ended" else ("post", "respond", "accept")
    )
    posting = _posted_for(ingrid, mother)
    if scopes == "ended":
        _ended(delegation)
    log_in(client, ingrid)
    assert client.post(f"/oproepen/{posting.id}/afsluiten").status_code == 404
    db.session.refresh(posting)
    assert posting.status == PostingStatus.PUBLISHED


@pytest.mark.parametrize("scopes", [WITHOUT_POST, "ended"])
def test_a_carer_without_running_consent_to_post_cannot_renew_the_request(client, scopes):
    ingrid, mother, delegation = daughter_and_mother(
        scopes=WITHOUT_POST if scopes != "ended" else ("post", "respond", "accept")
    )
    posting = _posted_for(ingrid, mother)
    posting.status = PostingStatus.EXPIRED
    db.session.commit()
    if scopes == "ended":
        _ended(delegation)
    log_in(client, ingrid)
    assert client.post(f"/oproepen/{posting.id}/verlengen").status_code == 404
    db.session.refresh(posting)
    assert posting.status == PostingStatus.EXPIRED


def test_a_carer_with_consent_to_post_edits_and_closes_the_request(client):
    ingrid, mother, _ = daughter_and_mother(scopes=("post",))
    posting = _posted_for(ingrid, mother)
    log_in(client, ingrid)
    assert client.post(f"/oproepen/{posting.id}/wijzigen", data=_edit_data()).status_code == 302
    db.session.refresh(posting)
    assert posting.title == "Wie wandelt met mijn moeder?"
    assert client.post(f"/oproepen/{posting.id}/afsluiten").status_code == 302
    db.session.refresh(posting)
    assert posting.status == PostingStatus.CLOSED


def test_the_person_herself_edits_her_request_without_any_consent(client):
    ingrid, mother, delegation = daughter_and_mother()
    posting = _posted_for(ingrid, mother)
    _ended(delegation)
    log_in(client, mother)
    assert client.get(f"/oproepen/{posting.id}/wijzigen").status_code == 200


def test_a_carer_with_consent_only_to_post_cannot_read_accept_or_decline_responses(client):
    ingrid, mother, _ = daughter_and_mother(scopes=("post",))
    posting = _posted_for(ingrid, mother)
    response = ResponseFactory(posting=posting)
    db.session.commit()
    log_in(client, ingrid)
    assert client.get(f"/berichten/{response.id}").status_code == 404
    client.post(f"/berichten/{response.id}/accepteren")
    client.post(f"/berichten/{response.id}/afwijzen")
    db.session.refresh(response)
    assert response.status == ResponseStatus.PENDING


def test_after_the_consent_ends_the_carer_cannot_accept_or_decline(client):
    ingrid, mother, delegation = daughter_and_mother()
    posting = _posted_for(ingrid, mother)
    response = ResponseFactory(posting=posting)
    _ended(delegation)
    log_in(client, ingrid)
    client.post(f"/berichten/{response.id}/accepteren")
    client.post(f"/berichten/{response.id}/afwijzen")
    db.session.refresh(response)
    assert response.status == ResponseStatus.PENDING


# -- who is told ------------------------------------------------------------------------


def test_while_the_consent_runs_the_carer_is_told_about_a_new_response(session):
    ingrid, mother, _ = daughter_and_mother()
    posting = _posted_for(ingrid, mother)
    respond_to_posting(session, posting, person(), "Ik wandel graag mee.")
    assert (_told(ingrid, "new_response"), _told(mother, "new_response")) == (1, 0)


def test_after_the_consent_ends_the_person_is_told_about_a_new_response_not_the_carer(session):
    ingrid, mother, delegation = daughter_and_mother()
    posting = _posted_for(ingrid, mother)
    end_consent(session, mother, delegation.id)
    respond_to_posting(session, posting, person(), "Ik wandel graag mee.")
    assert (_told(ingrid, "new_response"), _told(mother, "new_response")) == (0, 1)


def test_after_the_consent_ends_a_volunteers_message_goes_to_the_person(session):
    ingrid, mother, delegation = daughter_and_mother()
    posting = _posted_for(ingrid, mother)
    volunteer = person()
    response = respond_to_posting(session, posting, volunteer, "Ik wandel graag mee.")
    end_consent(session, ingrid, delegation.id)
    send_message(session, volunteer, response, "Zal ik dinsdag bellen?")
    assert _told(ingrid, "new_message") == 0
    assert _told(mother, "new_message") == 1


def test_after_the_consent_ends_the_lasting_contact_reminder_skips_the_carer(session):
    ingrid, mother, delegation = daughter_and_mother()
    posting = _posted_for(ingrid, mother, lasting="walk")
    response = ResponseFactory(posting=posting, status=ResponseStatus.ACCEPTED)
    tomorrow = local_today() + timedelta(days=1)
    session.add(
        LastingContact(
            posting=posting,
            response=response,
            volunteer_id=response.responder_id,
            weekday=tomorrow.weekday(),
            at_time=time(10),
            started_at=utcnow(),
        )
    )
    _ended(delegation)
    remind_batch(session, utcnow())
    assert (_told(ingrid, "lasting_reminder"), _told(mother, "lasting_reminder")) == (0, 1)


def test_a_carer_without_consent_to_post_sees_no_buttons_to_change_the_request(client):
    ingrid, mother, _ = daughter_and_mother(scopes=WITHOUT_POST)
    posting = _posted_for(ingrid, mother)
    log_in(client, ingrid)
    page = client.get(f"/oproepen/{posting.id}").text
    assert f"/oproepen/{posting.id}/wijzigen" not in page
    assert f"/oproepen/{posting.id}/afsluiten" not in page


def test_a_carer_with_consent_to_post_sees_the_buttons_to_change_the_request(client):
    ingrid, mother, _ = daughter_and_mother(scopes=("post",))
    posting = _posted_for(ingrid, mother)
    log_in(client, ingrid)
    page = client.get(f"/oproepen/{posting.id}").text
    assert f"/oproepen/{posting.id}/wijzigen" in page
    assert f"/oproepen/{posting.id}/afsluiten" in page


def _ended_contact(ingrid, mother) -> tuple[Posting, LastingContact]:
    posting = _posted_for(ingrid, mother, lasting="walk")
    posting.status = PostingStatus.MATCHED
    response = ResponseFactory(posting=posting, status=ResponseStatus.ACCEPTED)
    contact = LastingContact(
        posting=posting,
        response=response,
        volunteer_id=response.responder_id,
        started_at=utcnow(),
        ended_at=utcnow(),
    )
    db.session.add(contact)
    db.session.commit()
    return posting, contact


def test_a_carer_without_consent_to_post_cannot_reopen_the_lasting_contacts_request(client):
    ingrid, mother, _ = daughter_and_mother(scopes=WITHOUT_POST)
    posting, contact = _ended_contact(ingrid, mother)
    log_in(client, ingrid)
    client.post(f"/vast-contact/{contact.id}/opnieuw-zoeken")
    db.session.refresh(posting)
    assert posting.status == PostingStatus.MATCHED


def test_a_carer_with_consent_to_post_reopens_the_lasting_contacts_request(client):
    ingrid, mother, _ = daughter_and_mother(scopes=("post",))
    posting, contact = _ended_contact(ingrid, mother)
    log_in(client, ingrid)
    client.post(f"/vast-contact/{contact.id}/opnieuw-zoeken")
    db.session.refresh(posting)
    assert posting.status == PostingStatus.PUBLISHED


def test_after_the_consent_ends_the_moderators_decision_goes_to_the_person(session):
    ingrid, mother, delegation = daughter_and_mother()
    posting = _posted_for(ingrid, mother)
    posting.status = PostingStatus.PENDING
    end_consent(session, mother, delegation.id)
    approve_posting(session, UserFactory(moderator=True), posting)
    assert (_told(ingrid, "posting_approved"), _told(mother, "posting_approved")) == (0, 1)


def test_while_the_consent_runs_the_moderators_decision_goes_to_the_carer(session):
    ingrid, mother, _ = daughter_and_mother()
    posting = _posted_for(ingrid, mother)
    posting.status = PostingStatus.PENDING
    approve_posting(session, UserFactory(moderator=True), posting)
    assert (_told(ingrid, "posting_approved"), _told(mother, "posting_approved")) == (1, 0)
