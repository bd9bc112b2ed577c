"""Inviting a volunteer ("Wilt u deze oproep oppakken?"), her one-click answer, and
recording one who agreed on the phone."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.extensions import db
from marketplace.matchmaking.models import InvitationStatus, MatchmakerInvitation
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.postings.models import PostingStatus
from marketplace.profiles.models import NotificationPreference
from marketplace.responses.models import Response, ResponseStatus
from tests.conftest import log_in
from tests.factories import ContactBlockFactory, person
from tests.matchmaking.conftest import listed_request, volunteer, worker


def _invite(client, posting, helper):
    return client.post(f"/koppelen/oproep/{posting.id}/uitnodigen/{helper.id}")


def _invitation(posting, helper) -> MatchmakerInvitation | None:
    db.session.expire_all()
    return db.session.scalar(
        select(MatchmakerInvitation)
        .where(MatchmakerInvitation.posting_id == posting.id)
        .where(MatchmakerInvitation.volunteer_id == helper.id)
    )


def _notes(user: User, kind: NotificationKind) -> list[Notification]:
    return list(
        db.session.scalars(
            select(Notification)
            .where(Notification.recipient_id == user.id)
            .where(Notification.kind == kind)
            .order_by(Notification.id)
        )
    )


def test_an_invited_volunteer_gets_a_personal_message(client):
    posting, helper = listed_request(), volunteer()
    log_in(client, worker())
    assert _invite(client, posting, helper).status_code == 302
    [message] = _notes(helper, NotificationKind.MATCHMAKER_INVITATION)
    assert "Wilt u deze oproep oppakken?" in message.subject
    assert message.show_in_app and message.send_email


def test_a_volunteer_who_wants_no_mail_sees_the_invitation_only_in_the_app(client):
    posting, helper = listed_request(), volunteer()
    helper.profile.notification_preference = NotificationPreference.OFF
    db.session.commit()
    log_in(client, worker())
    _invite(client, posting, helper)
    [message] = _notes(helper, NotificationKind.MATCHMAKER_INVITATION)
    assert message.show_in_app and not message.send_email


def test_a_volunteer_is_not_invited_twice_for_one_request(client):
    posting, helper = listed_request(), volunteer()
    log_in(client, worker())
    _invite(client, posting, helper)
    response = client.post(
        f"/koppelen/oproep/{posting.id}/uitnodigen/{helper.id}", follow_redirects=True
    )
    assert "al gevraagd" in response.get_data(as_text=True)
    assert len(_notes(helper, NotificationKind.MATCHMAKER_INVITATION)) == 1


def test_someone_the_author_blocked_cannot_be_invited(client):
    posting, helper = listed_request(), volunteer()
    ContactBlockFactory(blocker_id=helper.id, blocked_id=posting.author_id)
    db.session.commit()
    log_in(client, worker())
    _invite(client, posting, helper)
    assert _invitation(posting, helper) is None


def test_saying_yes_responds_to_the_request_and_tells_the_matchmaker(client):
    posting, helper, staff = listed_request(), volunteer(), worker()
    log_in(client, staff)
    _invite(client, posting, helper)
    invitation = _invitation(posting, helper)
    log_in(client, helper)
    page = client.get(f"/koppelen/uitnodiging/{invitation.id}").get_data(as_text=True)
    assert "Ja, ik pak het op" in page
    client.post(f"/koppelen/uitnodiging/{invitation.id}/ja")
    invitation = _invitation(posting, helper)
    assert invitation.status == InvitationStatus.ACCEPTED
    response = db.session.get(Response, invitation.response_id)
    assert response.responder_id == helper.id and response.status == ResponseStatus.PENDING
    [told] = _notes(staff, NotificationKind.INVITATION_ANSWERED)
    assert "zegt ja" in told.subject


def test_saying_no_is_recorded_and_the_matchmaker_sees_it(client):
    posting, helper, staff = listed_request(), volunteer(display_name="Nee Zegger"), worker()
    log_in(client, staff)
    _invite(client, posting, helper)
    invitation = _invitation(posting, helper)
    log_in(client, helper)
    client.post(f"/koppelen/uitnodiging/{invitation.id}/nee")
    assert _invitation(posting, helper).status == InvitationStatus.DECLINED
    log_in(client, staff)
    page = client.get(f"/koppelen/oproep/{posting.id}").get_data(as_text=True)
    assert "Nee Zegger: Zei nee" in page


def test_an_invitation_can_be_answered_only_once(client):
    posting, helper = listed_request(), volunteer()
    log_in(client, worker())
    _invite(client, posting, helper)
    invitation = _invitation(posting, helper)
    log_in(client, helper)
    client.post(f"/koppelen/uitnodiging/{invitation.id}/nee")
    client.post(f"/koppelen/uitnodiging/{invitation.id}/ja")
    assert _invitation(posting, helper).status == InvitationStatus.DECLINED
    assert db.session.scalar(select(Response).where(Response.posting_id == posting.id)) is None


def test_someone_elses_invitation_does_not_exist_for_you(client):
    posting, helper = listed_request(), volunteer()
    log_in(client, worker())
    _invite(client, posting, helper)
    invitation = _invitation(posting, helper)
    log_in(client, person())
    assert client.get(f"/koppelen/uitnodiging/{invitation.id}").status_code == 404
    assert client.post(f"/koppelen/uitnodiging/{invitation.id}/ja").status_code == 404


def test_a_volunteer_who_agreed_on_the_phone_becomes_the_accepted_helper(client):
    posting, helper = listed_request(), volunteer()
    log_in(client, worker())
    client.post(f"/koppelen/oproep/{posting.id}/toewijzen/{helper.id}")
    invitation = _invitation(posting, helper)
    assert invitation.status == InvitationStatus.ASSIGNED
    response = db.session.get(Response, invitation.response_id)
    assert response.status == ResponseStatus.ACCEPTED
    assert response.posting.status == PostingStatus.MATCHED
    assert _notes(helper, NotificationKind.RESPONSE_ACCEPTED)


def test_staff_of_another_wijk_cannot_invite(client):
    posting, helper = listed_request(), volunteer()
    log_in(client, worker(neighbourhoods="Kralingen"))
    assert _invite(client, posting, helper).status_code == 404
    assert _invitation(posting, helper) is None
