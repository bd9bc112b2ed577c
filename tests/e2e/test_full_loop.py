"""The whole loop on real parts: a resident asks, a moderator approves, a real Celery
worker matches and mails over real SMTP, the volunteer follows the link and responds, the
resident accepts, and both see each other's contact details. Volunteers who do not fit
(too far away, other interests) receive nothing."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from marketplace.extensions import db
from marketplace.matching.models import MatchRequest
from marketplace.notifications.models import Notification, NotificationStatus
from marketplace.postings.models import Posting, PostingStatus
from marketplace.responses.models import Response
from tests.conftest import log_in
from tests.factories import UserFactory, category, person

pytestmark = pytest.mark.e2e

TITLE = "Wie haalt op dinsdag mijn boodschappen?"


def _all_work_done() -> bool:
    matching_done = db.session.scalar(
        select(MatchRequest.id).where(MatchRequest.completed_at.is_(None))
    )
    undelivered = db.session.scalar(
        select(Notification.id).where(Notification.status == NotificationStatus.PENDING)
    )
    return matching_done is None and undelivered is None


def test_request_is_matched_mailed_answered_and_accepted(app, e2e):
    resident = person("3011", display_name="Mevrouw Jansen", phone="010 111 2233")
    moderator = UserFactory(moderator=True)
    volunteer = person(
        "3012", display_name="Sanne", phone="06 2222 3333", volunteer=True, radius_km=5
    )
    far_volunteer = person("1012", display_name="Piet uit Amsterdam", volunteer=True)
    gardener = person(
        "3012", display_name="Kees", volunteer=True, interest_mask=category("tuin").mask
    )
    resident_client = log_in(app.test_client(), resident)
    moderator_client = log_in(app.test_client(), moderator)
    volunteer_client = log_in(app.test_client(), volunteer)

    # The resident asks for help; nothing is public yet.
    response = resident_client.post(
        "/oproepen/nieuw?kind=request",
        data={
            "category_id": category("boodschappen").id,
            "title": TITLE,
            "description": "Ik loop slecht. Wie haalt op dinsdagochtend boodschappen voor mij?",
            "postcode": "3011",
            "timing": "recurring",
            "recurring_slots": ["tue-morning"],
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    posting = db.session.scalars(select(Posting).where(Posting.title == TITLE)).one()
    assert posting.status == PostingStatus.PENDING
    assert volunteer_client.get(f"/oproepen/{posting.id}").status_code == 404

    # A moderator approves: the worker matches and mails the fitting volunteer.
    response = moderator_client.post(f"/moderatie/oproepen/{posting.id}/goedkeuren")
    assert response.status_code == 302
    alert = e2e.smtp.wait_for(lambda mail: volunteer.email in mail.rcpt_tos)
    assert TITLE in alert.subject
    assert alert.header("X-Buurthulp-Notification") == f"new_match:{posting.id}:{volunteer.id}"
    e2e.wait_until(_all_work_done, what="matching and delivery finished")
    assert e2e.smtp.mails_to(far_volunteer.email) == []
    assert e2e.smtp.mails_to(gardener.email) == []
    assert any("staat online" in m.subject for m in e2e.smtp.mails_to(resident.email))

    # The volunteer follows the link in the mail and responds.
    link = next(url for url in alert.links if f"/oproepen/{posting.id}" in url)
    page = volunteer_client.get(urlsplit(link).path)
    assert page.status_code == 200
    assert TITLE in page.get_data(as_text=True)
    response = volunteer_client.post(
        f"/oproepen/{posting.id}/reageren",
        data={"message": "Dag mevrouw Jansen, ik kan dinsdagochtend. Groet, Sanne"},
    )
    assert response.status_code == 302
    reply = db.session.scalars(select(Response).where(Response.posting_id == posting.id)).one()
    e2e.smtp.wait_for(lambda mail: resident.email in mail.rcpt_tos and "Sanne" in mail.body)

    # Before acceptance neither side sees the other's contact details.
    before = volunteer_client.get(f"/berichten/{reply.id}").get_data(as_text=True)
    assert resident.email not in before and "010 111 2233" not in before

    # The resident accepts; both now see each other's e-mail and phone.
    response = resident_client.post(f"/berichten/{reply.id}/accepteren")
    assert response.status_code == 302
    resident_view = resident_client.get(f"/berichten/{reply.id}").get_data(as_text=True)
    volunteer_view = volunteer_client.get(f"/berichten/{reply.id}").get_data(as_text=True)
    assert volunteer.email in resident_view and "06 2222 3333" in resident_view
    assert resident.email in volunteer_view and "010 111 2233" in volunteer_view
    db.session.rollback()
    assert db.session.get(Posting, posting.id).status == PostingStatus.MATCHED
    e2e.smtp.wait_for(lambda mail: volunteer.email in mail.rcpt_tos and mail is not alert)
