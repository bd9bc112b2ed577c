"""The rules of responding, talking, agreeing and finishing, through the services."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.notifications.models import Notification, NotificationKind
from marketplace.postings.models import Posting, PostingKind, PostingStatus
from marketplace.responses import services
from marketplace.responses.errors import (
    AlreadyCompleted,
    AlreadyResponded,
    ConversationClosed,
    NotAllowed,
    OwnPosting,
    PostingNoLongerOpen,
    PostingNotOpen,
    ResponseNotAccepted,
    ResponseNotPending,
    UserBlocked,
)
from marketplace.responses.models import Message, Response, ResponseStatus
from tests.factories import (
    MembershipFactory,
    MessageFactory,
    OrganisationFactory,
    PostingFactory,
    ResponseFactory,
    UserFactory,
    person,
)


def notifications(session, kind):
    return session.scalars(select(Notification).where(Notification.kind == kind)).all()


def vacancy_of(organisation, author):
    return PostingFactory(
        published=True,
        kind=PostingKind.VACANCY,
        organisation=organisation,
        author=author,
        title="Vrijwilliger voor de koffieochtend",
    )


# --- responding ---------------------------------------------------------------------------


def test_volunteer_responds_to_a_published_request(session):
    posting = PostingFactory(published=True)
    volunteer = person()
    response = services.respond_to_posting(session, posting, volunteer, "Ik kan dinsdag.")
    session.commit()
    assert response.status == ResponseStatus.PENDING
    assert response.message == "Ik kan dinsdag."
    assert response.posting_id == posting.id and response.responder_id == volunteer.id


def test_responding_notifies_the_posting_author(session):
    posting = PostingFactory(published=True, author=person())
    response = services.respond_to_posting(session, posting, person(), "Ik kan dinsdag.")
    session.commit()
    [notification] = notifications(session, NotificationKind.NEW_RESPONSE)
    assert notification.recipient_id == posting.author_id
    assert notification.idempotency_key == f"new_response:{response.id}"
    assert notification.link_path == f"/berichten/{response.id}"
    assert "Ik kan dinsdag." in notification.body


def test_author_cannot_respond_to_own_posting(session):
    author = person()
    posting = PostingFactory(published=True, author=author)
    with pytest.raises(OwnPosting):
        services.respond_to_posting(session, posting, author, "Hallo")


def test_volunteer_cannot_respond_twice(session):
    earlier = ResponseFactory()
    with pytest.raises(AlreadyResponded) as raised:
        services.respond_to_posting(session, earlier.posting, earlier.responder, "Nog eens")
    assert raised.value.response.id == earlier.id


def test_a_double_submit_stopped_by_the_database_counts_as_already_responded(session, monkeypatch):
    earlier = ResponseFactory()
    # Both submits passed the check before either was saved: only the constraint is left.
    monkeypatch.setattr(services, "check_can_respond", lambda *args: None)
    with pytest.raises(AlreadyResponded) as raised:
        services.respond_to_posting(session, earlier.posting, earlier.responder, "Nog eens")
    assert raised.value.response.id == earlier.id
    assert session.scalar(select(Response.id).where(Response.id != earlier.id)) is None


def test_a_double_submit_leaves_the_callers_other_changes_alone(session, monkeypatch):
    earlier = ResponseFactory()
    other = PostingFactory(title="Eerst")
    session.flush()
    other.title = "Daarna"  # changed by the caller in the same transaction
    session.flush()
    monkeypatch.setattr(services, "check_can_respond", lambda *args: None)
    with pytest.raises(AlreadyResponded):
        services.respond_to_posting(session, earlier.posting, earlier.responder, "Nog eens")
    assert session.scalar(select(Posting.title).where(Posting.id == other.id)) == "Daarna"


@pytest.mark.parametrize(
    "traits",
    [{}, {"draft": True}, {"rejected": True}, {"matched": True}, {"status": PostingStatus.CLOSED}],
    ids=["pending", "draft", "rejected", "matched", "closed"],
)
def test_nobody_can_respond_to_a_posting_that_is_not_published(session, traits):
    posting = PostingFactory(**traits)
    with pytest.raises(PostingNotOpen):
        services.respond_to_posting(session, posting, person(), "Hallo")


def test_nobody_can_respond_to_a_hidden_posting(session):
    posting = PostingFactory(published=True, is_hidden=True)
    with pytest.raises(PostingNotOpen):
        services.respond_to_posting(session, posting, person(), "Hallo")


def test_blocked_user_cannot_respond(session):
    posting = PostingFactory(published=True)
    with pytest.raises(UserBlocked):
        services.respond_to_posting(session, posting, UserFactory(blocked=True), "Hallo")


def test_applying_to_a_vacancy_notifies_the_staff_member_who_posted_it(session):
    staff = MembershipFactory(user=person())
    posting = vacancy_of(staff.organisation, staff.user)
    services.respond_to_posting(session, posting, person(), "Ik wil graag meedoen.")
    session.commit()
    [notification] = notifications(session, NotificationKind.NEW_RESPONSE)
    assert notification.recipient_id == staff.user_id
    assert "aangemeld" in notification.body


def test_staff_cannot_apply_to_their_own_organisations_vacancy(session):
    organisation = OrganisationFactory()
    author = MembershipFactory(organisation=organisation, user=person())
    colleague = MembershipFactory(organisation=organisation, user=person())
    posting = vacancy_of(organisation, author.user)
    with pytest.raises(OwnPosting):
        services.respond_to_posting(session, posting, colleague.user, "Ik ook")


# --- accepting and declining ----------------------------------------------------------------


def test_accepting_a_response_to_a_request_matches_the_request(session):
    response = ResponseFactory()
    services.accept_response(session, response.posting.author, response)
    session.commit()
    assert response.status == ResponseStatus.ACCEPTED
    assert response.decided_at is not None
    assert response.posting.status == PostingStatus.MATCHED
    assert response.posting.matched_at is not None


def test_accepting_notifies_the_responder(session):
    response = ResponseFactory()
    services.accept_response(session, response.posting.author, response)
    session.commit()
    [notification] = notifications(session, NotificationKind.RESPONSE_ACCEPTED)
    assert notification.recipient_id == response.responder_id
    assert notification.idempotency_key == f"response_accepted:{response.id}"


def test_accepting_one_response_leaves_the_others_pending(session):
    first = ResponseFactory()
    second = ResponseFactory(posting=first.posting)
    services.accept_response(session, first.posting.author, first)
    session.commit()
    session.refresh(second)
    assert second.status == ResponseStatus.PENDING


def test_a_matched_request_takes_no_second_helper_but_can_decline_the_rest(session):
    first = ResponseFactory()
    second = ResponseFactory(posting=first.posting)
    author = first.posting.author
    services.accept_response(session, author, first)
    with pytest.raises(PostingNoLongerOpen):
        services.accept_response(session, author, second)
    services.decline_response(session, author, second)
    assert second.status == ResponseStatus.DECLINED


def test_accepting_a_response_to_an_offer_keeps_the_offer_published(session):
    response = ResponseFactory(posting=PostingFactory(published=True, offer=True))
    services.accept_response(session, response.posting.author, response)
    assert response.posting.status == PostingStatus.PUBLISHED
    assert response.posting.matched_at is None


def test_any_staff_member_can_accept_an_application_and_the_vacancy_stays_open(session):
    organisation = OrganisationFactory()
    author = MembershipFactory(organisation=organisation, user=person())
    colleague = MembershipFactory(organisation=organisation, user=person())
    response = ResponseFactory(posting=vacancy_of(organisation, author.user))
    services.accept_response(session, colleague.user, response)
    assert response.status == ResponseStatus.ACCEPTED
    assert response.posting.status == PostingStatus.PUBLISHED


def test_responder_cannot_accept_their_own_response(session):
    response = ResponseFactory()
    with pytest.raises(NotAllowed):
        services.accept_response(session, response.responder, response)


def test_staff_of_another_organisation_cannot_accept(session):
    author = MembershipFactory(user=person())
    outsider = MembershipFactory(user=person())
    response = ResponseFactory(posting=vacancy_of(author.organisation, author.user))
    with pytest.raises(NotAllowed):
        services.accept_response(session, outsider.user, response)


def test_a_response_cannot_be_accepted_twice(session):
    response = ResponseFactory(posting=PostingFactory(published=True, offer=True))
    services.accept_response(session, response.posting.author, response)
    with pytest.raises(ResponseNotPending):
        services.accept_response(session, response.posting.author, response)


def test_a_response_to_a_hidden_posting_cannot_be_accepted(session):
    response = ResponseFactory(posting=PostingFactory(published=True, is_hidden=True))
    with pytest.raises(PostingNoLongerOpen):
        services.accept_response(session, response.posting.author, response)


def test_declining_notifies_the_responder(session):
    response = ResponseFactory()
    services.decline_response(session, response.posting.author, response)
    session.commit()
    assert response.status == ResponseStatus.DECLINED
    assert response.decided_at is not None
    [notification] = notifications(session, NotificationKind.RESPONSE_DECLINED)
    assert notification.recipient_id == response.responder_id
    assert notification.idempotency_key == f"response_declined:{response.id}"


def test_an_accepted_response_cannot_be_declined(session):
    response = ResponseFactory(accepted=True)
    with pytest.raises(ResponseNotPending):
        services.decline_response(session, response.posting.author, response)


# --- finishing ------------------------------------------------------------------------------


def test_completing_agreed_help_closes_the_request(session):
    response = ResponseFactory(accepted=True, posting=PostingFactory(matched=True))
    services.complete_response(session, response.responder, response)
    session.commit()
    assert response.completed_at is not None
    assert response.posting.status == PostingStatus.CLOSED
    assert response.posting.closed_at is not None


def test_the_author_can_complete_too(session):
    response = ResponseFactory(accepted=True, posting=PostingFactory(matched=True))
    services.complete_response(session, response.posting.author, response)
    assert response.completed_at is not None


def test_completing_help_from_an_offer_keeps_the_offer_published(session):
    response = ResponseFactory(accepted=True, posting=PostingFactory(published=True, offer=True))
    services.complete_response(session, response.responder, response)
    assert response.posting.status == PostingStatus.PUBLISHED
    assert response.posting.closed_at is None


def test_a_pending_response_cannot_be_completed(session):
    response = ResponseFactory()
    with pytest.raises(ResponseNotAccepted):
        services.complete_response(session, response.responder, response)


def test_help_cannot_be_completed_twice(session):
    response = ResponseFactory(accepted=True, posting=PostingFactory(matched=True))
    services.complete_response(session, response.responder, response)
    with pytest.raises(AlreadyCompleted):
        services.complete_response(session, response.posting.author, response)


def test_someone_else_cannot_complete(session):
    response = ResponseFactory(accepted=True, posting=PostingFactory(matched=True))
    with pytest.raises(NotAllowed):
        services.complete_response(session, person(), response)


# --- messages -------------------------------------------------------------------------------


def test_a_message_from_the_responder_notifies_the_author(session):
    response = ResponseFactory()
    message = services.send_message(session, response.responder, response, "Hoe laat?")
    session.commit()
    [notification] = notifications(session, NotificationKind.NEW_MESSAGE)
    assert notification.recipient_id == response.posting.author_id
    assert notification.idempotency_key == f"new_message:{message.id}"
    assert notification.link_path == f"/berichten/{response.id}"


def test_a_message_from_the_author_notifies_the_responder(session):
    response = ResponseFactory()
    services.send_message(session, response.posting.author, response, "Om tien uur.")
    session.commit()
    [notification] = notifications(session, NotificationKind.NEW_MESSAGE)
    assert notification.recipient_id == response.responder_id


def test_someone_outside_the_conversation_cannot_send_a_message(session):
    response = ResponseFactory()
    with pytest.raises(NotAllowed):
        services.send_message(session, person(), response, "Hallo")


def test_no_messages_after_a_response_was_declined(session):
    response = ResponseFactory(status=ResponseStatus.DECLINED)
    with pytest.raises(ConversationClosed):
        services.send_message(session, response.responder, response, "Waarom niet?")


def test_opening_a_conversation_marks_only_the_other_sides_messages_read(session):
    response = ResponseFactory()
    from_responder = MessageFactory(response=response)
    from_author = MessageFactory(response=response, sender=response.posting.author)
    services.open_conversation(session, response.posting.author, response)
    session.commit()
    assert session.get(Message, from_responder.id).read_at is not None
    assert session.get(Message, from_author.id).read_at is None


def test_contact_details_are_only_shared_after_acceptance(session):
    response = ResponseFactory(responder=person(phone="06 1111 2222"))
    before = services.open_conversation(session, response.posting.author, response)
    assert before.contact is None
    services.accept_response(session, response.posting.author, response)
    after = services.open_conversation(session, response.posting.author, response)
    assert after.contact is not None
    assert after.contact.email == response.responder.email
    assert after.contact.phone == "06 1111 2222"


# --- the inbox ------------------------------------------------------------------------------


def test_inbox_holds_responses_made_and_received_but_not_other_peoples(session):
    user = person()
    made = ResponseFactory(responder=user)
    received = ResponseFactory(posting=PostingFactory(published=True, author=user))
    ResponseFactory()  # between two other people
    found = session.scalars(services.inbox_query(user)).all()
    assert {response.id for response in found} == {made.id, received.id}


def test_inbox_shows_the_organisations_applications_to_its_staff(session):
    author = MembershipFactory(user=person())
    colleague = MembershipFactory(organisation=author.organisation, user=person())
    application = ResponseFactory(posting=vacancy_of(author.organisation, author.user))
    found = session.scalars(services.inbox_query(colleague.user)).all()
    assert [response.id for response in found] == [application.id]


def test_inbox_puts_the_conversation_with_the_latest_message_first(session):
    user = person()
    older = ResponseFactory(responder=user)
    newer = ResponseFactory(responder=user)
    MessageFactory(response=older)  # the older response has the latest activity
    found = session.scalars(services.inbox_query(user)).all()
    assert [response.id for response in found] == [older.id, newer.id]


def test_inbox_counts_unread_messages_from_the_other_side_only(session):
    response = ResponseFactory()
    MessageFactory(response=response)
    MessageFactory(response=response)
    MessageFactory(response=response, sender=response.posting.author)
    [for_author] = services.inbox_entries(session, response.posting.author, [response])
    [for_responder] = services.inbox_entries(session, response.responder, [response])
    assert for_author.unread == 2
    assert for_responder.unread == 1
