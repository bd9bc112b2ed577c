"""The moderation rules, tested through the services."""

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from marketplace.accounts.permissions import PermissionDenied
from marketplace.audit import AuditEvent
from marketplace.matching.models import MatchRequest
from marketplace.moderation import services
from marketplace.moderation.errors import (
    AlreadyBlocked,
    AlreadyReported,
    AuthorBlocked,
    CannotBlockUser,
    CannotReportYourself,
    NotBlocked,
    OwnPosting,
    PostingNotPending,
    PostingNotPublic,
    ReportAlreadyResolved,
)
from marketplace.moderation.models import Report
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.postings.models import Posting, PostingStatus
from marketplace.timestamps import utcnow
from tests.factories import (
    MessageFactory,
    PostingFactory,
    ReportFactory,
    UserFactory,
    person,
)


def notifications_for(session, user, kind):
    return session.scalars(
        select(Notification).where(Notification.recipient_id == user.id, Notification.kind == kind)
    ).all()


def audit_actions(session):
    return [
        (e.action, e.target_type, e.target_id, e.reason)
        for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))
    ]


# --- approving -----------------------------------------------------------------------------


def test_approving_publishes_the_posting_now(session, moderator):
    posting = PostingFactory()
    services.approve_posting(session, moderator, posting)
    session.commit()
    assert posting.status == PostingStatus.PUBLISHED
    assert posting.published_at is not None


def test_approving_asks_the_worker_to_match_the_posting(session, moderator):
    posting = PostingFactory()
    services.approve_posting(session, moderator, posting)
    session.commit()
    match_request = session.scalars(select(MatchRequest)).one()
    assert match_request.posting_id == posting.id
    assert match_request.idempotency_key == f"match:{posting.id}:{posting.published_at.isoformat()}"


def test_approving_tells_the_author_their_posting_is_online(session, moderator):
    posting = PostingFactory(author=person(), title="Hulp bij de boodschappen")
    services.approve_posting(session, moderator, posting)
    session.commit()
    [notification] = notifications_for(session, posting.author, NotificationKind.POSTING_APPROVED)
    assert "Hulp bij de boodschappen" in notification.body
    assert notification.link_path == f"/oproepen/{posting.id}"
    assert notification.idempotency_key == (
        f"posting_approved:{posting.id}:{posting.published_at.isoformat()}"
    )


def test_approving_is_recorded_in_the_audit_trail(session, moderator):
    posting = PostingFactory()
    services.approve_posting(session, moderator, posting)
    session.commit()
    event = session.scalars(select(AuditEvent)).one()
    assert (event.actor_id, event.action, event.target_type, event.target_id) == (
        moderator.id,
        "posting.approve",
        "posting",
        posting.id,
    )


def test_a_moderator_cannot_approve_their_own_posting(session, moderator):
    posting = PostingFactory(author=moderator)
    with pytest.raises(OwnPosting):
        services.approve_posting(session, moderator, posting)
    session.rollback()
    assert session.get(Posting, posting.id).status == PostingStatus.PENDING


def test_a_posting_that_is_not_pending_cannot_be_approved(session, moderator):
    posting = PostingFactory(published=True)
    with pytest.raises(PostingNotPending):
        services.approve_posting(session, moderator, posting)


def test_the_second_of_two_moderators_approving_at_once_loses(session, moderator):
    posting = PostingFactory(author=person())
    # another moderator rejected it after this one opened the page
    session.execute(
        update(Posting)
        .where(Posting.id == posting.id)
        .values(status=PostingStatus.REJECTED)
        .execution_options(synchronize_session=False)
    )
    with pytest.raises(PostingNotPending):
        services.approve_posting(session, moderator, posting)
    session.rollback()
    assert notifications_for(session, posting.author, NotificationKind.POSTING_APPROVED) == []


def test_a_plain_user_cannot_approve(session):
    posting = PostingFactory()
    with pytest.raises(PermissionDenied):
        services.approve_posting(session, person(), posting)


def test_a_blocked_persons_posting_cannot_be_approved(session, moderator):
    posting = PostingFactory(author=UserFactory(blocked=True))
    with pytest.raises(AuthorBlocked):
        services.approve_posting(session, moderator, posting)


def test_an_admin_may_approve(session):
    posting = PostingFactory()
    services.approve_posting(session, UserFactory(admin=True), posting)
    assert posting.status == PostingStatus.PUBLISHED


# --- rejecting -----------------------------------------------------------------------------


def test_rejecting_stores_the_reason(session, moderator):
    posting = PostingFactory()
    services.reject_posting(session, moderator, posting, "  Er staat een adres in.  ")
    session.commit()
    assert posting.status == PostingStatus.REJECTED
    assert posting.rejection_reason == "Er staat een adres in."


def test_rejecting_tells_the_author_the_reason_and_how_to_send_it_again(session, moderator):
    posting = PostingFactory(author=person())
    services.reject_posting(session, moderator, posting, "Haal uw huisnummer weg.")
    session.commit()
    [notification] = notifications_for(session, posting.author, NotificationKind.POSTING_REJECTED)
    assert "Haal uw huisnummer weg." in notification.body
    assert "opnieuw in" in notification.body
    assert notification.link_path == f"/oproepen/{posting.id}/wijzigen"


def test_rejecting_is_recorded_with_the_reason(session, moderator):
    posting = PostingFactory()
    services.reject_posting(session, moderator, posting, "Reclame.")
    session.commit()
    assert audit_actions(session) == [("posting.reject", "posting", posting.id, "Reclame.")]


def test_a_moderator_cannot_reject_their_own_posting(session, moderator):
    posting = PostingFactory(author=moderator)
    with pytest.raises(OwnPosting):
        services.reject_posting(session, moderator, posting, "Niet goed.")


def test_a_rejected_posting_cannot_be_rejected_again(session, moderator):
    posting = PostingFactory(rejected=True)
    with pytest.raises(PostingNotPending):
        services.reject_posting(session, moderator, posting, "Nog steeds niet goed.")


# --- hiding --------------------------------------------------------------------------------


def test_hiding_takes_a_public_posting_off_the_site(session, moderator):
    posting = PostingFactory(published=True)
    services.hide_posting(session, moderator, posting, "Dit is reclame.")
    session.commit()
    assert posting.is_hidden
    assert not posting.is_public


def test_hiding_tells_the_author_why_and_is_audited(session, moderator):
    posting = PostingFactory(published=True, author=person())
    services.hide_posting(session, moderator, posting, "Dit is reclame.")
    session.commit()
    [notification] = notifications_for(session, posting.author, NotificationKind.POSTING_HIDDEN)
    assert "Dit is reclame." in notification.body
    assert audit_actions(session) == [("posting.hide", "posting", posting.id, "Dit is reclame.")]


def test_a_pending_posting_cannot_be_hidden(session, moderator):
    posting = PostingFactory()
    with pytest.raises(PostingNotPublic):
        services.hide_posting(session, moderator, posting, "Reclame.")


def test_a_hidden_posting_cannot_be_hidden_again(session, moderator):
    posting = PostingFactory(published=True, is_hidden=True)
    with pytest.raises(PostingNotPublic):
        services.hide_posting(session, moderator, posting, "Reclame.")


# --- blocking ------------------------------------------------------------------------------


def test_blocking_records_when_and_why(session, moderator):
    user = person()
    services.block_user(session, moderator, user, "Scheldt andere buren uit.")
    session.commit()
    assert user.is_blocked
    assert user.blocked_at is not None
    assert user.blocked_reason == "Scheldt andere buren uit."
    assert not user.is_active


def test_blocking_hides_the_persons_public_postings_only(session, moderator):
    user = person()
    published = PostingFactory(author=user, published=True)
    pending = PostingFactory(author=user)
    other = PostingFactory(published=True)
    hidden_ids = services.block_user(session, moderator, user, "Spam.")
    session.commit()
    assert hidden_ids == [published.id]
    assert session.get(Posting, published.id).is_hidden
    assert not session.get(Posting, pending.id).is_hidden
    assert not session.get(Posting, other.id).is_hidden


def test_blocking_is_audited_with_the_hidden_postings(session, moderator):
    user = person()
    posting = PostingFactory(author=user, published=True)
    services.block_user(session, moderator, user, "Spam.")
    session.commit()
    event = session.scalars(select(AuditEvent)).one()
    assert (event.action, event.target_type, event.target_id, event.reason) == (
        "user.block",
        "user",
        user.id,
        "Spam.",
    )
    assert event.details == {"hidden_posting_ids": [posting.id]}


def test_a_moderator_cannot_block_themselves(session, moderator):
    with pytest.raises(CannotBlockUser):
        services.block_user(session, moderator, moderator, "Even pauze.")


def test_nobody_can_block_an_admin(session, moderator):
    with pytest.raises(CannotBlockUser):
        services.block_user(session, moderator, UserFactory(admin=True), "Te streng.")


def test_blocking_someone_blocked_already_raises(session, moderator):
    with pytest.raises(AlreadyBlocked):
        services.block_user(session, moderator, UserFactory(blocked=True), "Spam.")


def test_a_plain_user_cannot_block(session):
    with pytest.raises(PermissionDenied):
        services.block_user(session, person(), person(), "Spam.")


def test_unblocking_lets_the_person_in_again_and_is_audited(session, moderator):
    user = UserFactory(blocked=True, blocked_reason="Spam.")
    services.unblock_user(session, moderator, user)
    session.commit()
    assert not user.is_blocked
    assert user.blocked_reason is None
    assert audit_actions(session) == [("user.unblock", "user", user.id, None)]


def test_unblocking_someone_who_is_not_blocked_raises(session, moderator):
    with pytest.raises(NotBlocked):
        services.unblock_user(session, moderator, person())


# --- reports -------------------------------------------------------------------------------


def test_a_report_on_a_posting_waits_for_a_moderator(session):
    reporter = person()
    posting = PostingFactory(published=True)
    report = services.report(session, reporter, posting=posting, reason="Reclame voor een winkel.")
    session.commit()
    assert report.posting_id == posting.id
    assert report.reporter_id == reporter.id
    assert report.resolved_at is None
    assert session.scalar(select(Report.id).where(Report.id == report.id)) is not None


def test_a_posting_nobody_can_see_cannot_be_reported(session):
    with pytest.raises(PermissionDenied):
        services.report(session, person(), posting=PostingFactory(), reason="Reclame.")


def test_nobody_reports_their_own_posting(session):
    posting = PostingFactory(published=True)
    with pytest.raises(CannotReportYourself):
        services.report(session, posting.author, posting=posting, reason="Oeps.")


def test_nobody_reports_themselves(session):
    user = person()
    with pytest.raises(CannotReportYourself):
        services.report(session, user, user=user, reason="Oeps.")


def test_the_same_person_reports_the_same_thing_once_while_it_is_open(session):
    reporter = person()
    posting = PostingFactory(published=True)
    services.report(session, reporter, posting=posting, reason="Reclame.")
    with pytest.raises(AlreadyReported):
        services.report(session, reporter, posting=posting, reason="Nog steeds reclame.")


def test_a_message_is_reported_only_by_someone_in_the_conversation(session):
    message = MessageFactory()
    with pytest.raises(PermissionDenied):
        services.report(session, person(), message=message, reason="Onbeleefd.")


def test_the_posting_author_may_report_a_message_from_the_responder(session):
    message = MessageFactory()
    author = message.response.posting.author
    report = services.report(session, author, message=message, reason="Onbeleefd.")
    assert report.message_id == message.id
    assert report.subject_user.id == message.sender_id


def test_reportable_message_is_none_for_an_outsider(session):
    message = MessageFactory()
    assert services.reportable_message(session, person(), message.id) is None
    assert services.reportable_message(session, message.sender, message.id) == message


def test_a_report_is_about_exactly_one_thing(session):
    with pytest.raises(ValueError):
        services.report(
            session, person(), posting=PostingFactory(published=True), user=person(), reason="?"
        )


def test_resolving_a_report_records_who_and_what(session, moderator):
    report = ReportFactory()
    services.resolve_report(session, moderator, report, "Oproep verborgen.")
    session.commit()
    assert report.resolved_at is not None
    assert report.resolved_by_id == moderator.id
    assert report.resolution == "Oproep verborgen."
    assert audit_actions(session) == [("report.resolve", "report", report.id, "Oproep verborgen.")]


def test_a_resolved_report_cannot_be_resolved_again(session, moderator):
    report = ReportFactory()
    services.resolve_report(session, moderator, report, "Gedaan.")
    with pytest.raises(ReportAlreadyResolved):
        services.resolve_report(session, UserFactory(moderator=True), report, "Ook gedaan.")


def test_a_moderator_cannot_resolve_a_report_about_themselves(session, moderator):
    report = ReportFactory(posting=PostingFactory(published=True, author=moderator))
    with pytest.raises(OwnPosting):
        services.resolve_report(session, moderator, report, "Niets aan de hand.")


def test_the_author_facts_count_earlier_rejections(session):
    author = person()
    PostingFactory(author=author, rejected=True)
    PostingFactory(author=author, rejected=True)
    posting = PostingFactory(author=author, rejected=True)
    facts = services.author_facts(session, posting)
    assert facts.earlier_rejections == 2
    assert facts.user == author


def test_the_queue_lists_the_longest_waiting_posting_first(session):
    newer = PostingFactory(submitted_at=utcnow() - timedelta(hours=1))
    older = PostingFactory(submitted_at=utcnow() - timedelta(days=2))
    PostingFactory(published=True)
    assert session.scalars(services.pending_postings_query()).all() == [older, newer]
