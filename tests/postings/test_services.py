from datetime import date, timedelta

import pytest
from sqlalchemy import select

from marketplace import dayparts
from marketplace.accounts.permissions import EmailNotConfirmed, PermissionDenied
from marketplace.audit import AuditEvent
from marketplace.geo import InvalidPostcode, UnknownPostcode
from marketplace.matching.models import MatchRequest
from marketplace.notifications.models import Notification, NotificationKind
from marketplace.postings.errors import InvalidPosting, NeedsNewDate, WrongPostingStatus
from marketplace.postings.models import PostingStatus
from marketplace.postings.services import (
    close_posting,
    create_posting,
    edit_posting,
    expire_due_postings,
    posting_for_renew_token,
    renew_posting,
)
from marketplace.postings.validation import PostingData
from tests.factories import (
    MembershipFactory,
    OrganisationFactory,
    PostingFactory,
    UserFactory,
    category,
    person,
)

TODAY = date(2025, 12, 1)  # a Monday


def data(**changes):
    values = {
        "kind": "request",
        "category_id": category("boodschappen").id,
        "title": "Wie doet boodschappen voor mij?",
        "description": "Ik kan niet goed lopen.",
        "postcode": "3012 AB",
        "timing": "flexible",
    }
    values.update(changes)
    return PostingData(**values)


# -- creating ----------------------------------------------------------------------------


def test_new_posting_waits_for_a_moderator(session):
    posting = create_posting(session, person(), data(), today=TODAY)
    assert posting.status == PostingStatus.PENDING
    assert posting.submitted_at is not None
    assert posting.published_at is None


def test_new_posting_takes_its_place_from_the_postcode(session):
    posting = create_posting(session, person(), data(postcode="3012ab"), today=TODAY)
    assert posting.postcode == "3012 AB"
    assert posting.pc4 == "3012"
    assert posting.neighbourhood
    assert 51 < posting.lat < 52 and 4 < posting.lon < 5


def test_without_a_postcode_the_authors_own_postcode_is_used(session):
    author = person(postcode="3072")
    posting = create_posting(session, author, data(postcode=""), today=TODAY)
    assert posting.pc4 == "3072"


def test_malformed_postcode_is_refused(session):
    with pytest.raises(InvalidPostcode):
        create_posting(session, person(), data(postcode="hallo"), today=TODAY)


def test_unknown_postcode_is_refused(session):
    with pytest.raises(UnknownPostcode):
        create_posting(session, person(), data(postcode="1000"), today=TODAY)


def test_one_off_posting_gets_the_daypart_of_its_weekday(session):
    tuesday = TODAY + timedelta(days=1)
    posting = create_posting(
        session,
        person(),
        data(timing="once", once_on=tuesday, once_daypart="morning"),
        today=TODAY,
    )
    assert posting.daypart_mask == dayparts.slot_bit("tue", "morning")
    assert posting.once_on == tuesday


def test_one_off_posting_in_the_past_is_refused(session):
    with pytest.raises(InvalidPosting) as error:
        create_posting(
            session,
            person(),
            data(timing="once", once_on=TODAY - timedelta(days=1), once_daypart="morning"),
            today=TODAY,
        )
    assert error.value.field == "once_on"


def test_one_off_posting_needs_a_daypart(session):
    with pytest.raises(InvalidPosting) as error:
        create_posting(session, person(), data(timing="once", once_on=TODAY), today=TODAY)
    assert error.value.field == "once_daypart"


def test_recurring_posting_keeps_its_weekly_slots(session):
    posting = create_posting(
        session,
        person(),
        data(timing="recurring", recurring_slots=["tue-morning", "thu-afternoon"]),
        today=TODAY,
    )
    assert posting.daypart_mask == dayparts.mask_from_slots(["tue-morning", "thu-afternoon"])
    assert posting.once_on is None


def test_recurring_posting_needs_a_slot(session):
    with pytest.raises(InvalidPosting) as error:
        create_posting(session, person(), data(timing="recurring"), today=TODAY)
    assert error.value.field == "recurring_slots"


def test_recurring_posting_refuses_made_up_slots(session):
    with pytest.raises(InvalidPosting):
        create_posting(
            session, person(), data(timing="recurring", recurring_slots=["x-y"]), today=TODAY
        )


def test_flexible_posting_has_no_dayparts(session):
    posting = create_posting(session, person(), data(timing="flexible"), today=TODAY)
    assert posting.daypart_mask == 0


def test_unknown_timing_is_refused(session):
    with pytest.raises(InvalidPosting) as error:
        create_posting(session, person(), data(timing="someday"), today=TODAY)
    assert error.value.field == "timing"


def test_request_runs_thirty_days_by_default(session):
    posting = create_posting(session, person(), data(), today=TODAY)
    assert posting.ends_on == TODAY + timedelta(days=30)


def test_default_end_is_not_before_a_later_one_off_date(session):
    later = TODAY + timedelta(days=45)
    posting = create_posting(
        session,
        person(),
        data(timing="once", once_on=later, once_daypart="evening"),
        today=TODAY,
    )
    assert posting.ends_on == later


def test_end_date_in_the_past_is_refused(session):
    with pytest.raises(InvalidPosting) as error:
        create_posting(session, person(), data(ends_on=TODAY - timedelta(days=1)), today=TODAY)
    assert error.value.field == "ends_on"


def test_end_date_before_the_one_off_date_is_refused(session):
    with pytest.raises(InvalidPosting) as error:
        create_posting(
            session,
            person(),
            data(
                timing="once",
                once_on=TODAY + timedelta(days=5),
                once_daypart="morning",
                ends_on=TODAY + timedelta(days=2),
            ),
            today=TODAY,
        )
    assert error.value.field == "ends_on"


def test_unknown_category_is_refused(session):
    with pytest.raises(InvalidPosting) as error:
        create_posting(session, person(), data(category_id=99999), today=TODAY)
    assert error.value.field == "category_id"


def test_too_long_title_is_refused(session):
    with pytest.raises(InvalidPosting) as error:
        create_posting(session, person(), data(title="x" * 121), today=TODAY)
    assert error.value.field == "title"


def test_unconfirmed_person_cannot_post(session):
    with pytest.raises(EmailNotConfirmed):
        create_posting(session, UserFactory(unconfirmed=True), data(), today=TODAY)


def test_blocked_person_cannot_post(session):
    with pytest.raises(PermissionDenied):
        create_posting(session, UserFactory(blocked=True), data(), today=TODAY)


def test_vacancy_needs_an_organisation(session):
    with pytest.raises(PermissionDenied):
        create_posting(session, person(), data(kind="vacancy"), today=TODAY)


def test_staff_post_a_vacancy_for_their_organisation(session):
    membership = MembershipFactory(user=person())
    posting = create_posting(
        session,
        membership.user,
        data(kind="vacancy"),
        organisation=membership.organisation,
        today=TODAY,
    )
    assert posting.organisation_id == membership.organisation_id
    assert posting.ends_on is None


def test_outsider_cannot_post_for_an_organisation(session):
    with pytest.raises(PermissionDenied):
        create_posting(session, person(), data(kind="vacancy"), organisation=OrganisationFactory())


def test_professional_can_post_on_behalf_of_a_client(session):
    posting = create_posting(session, person(), data(), on_behalf_of="Mevrouw J.", today=TODAY)
    assert posting.on_behalf_of == "Mevrouw J."


# -- editing, closing, renewing ----------------------------------------------------------


@pytest.mark.parametrize("trait", ["published", "rejected"])
def test_edited_posting_goes_back_to_the_moderator(session, trait):
    posting = PostingFactory(**{trait: True}, author=person())
    before = posting.submitted_at
    edit_posting(session, posting.author, posting, data(title="Nieuwe titel"), today=TODAY)
    session.commit()
    assert posting.status == PostingStatus.PENDING
    assert posting.title == "Nieuwe titel"
    assert posting.submitted_at > before
    assert posting.rejection_reason is None
    assert posting.published_at is None


def test_edit_is_recorded_in_the_audit_trail(session):
    posting = PostingFactory(published=True, author=person())
    edit_posting(session, posting.author, posting, data(), today=TODAY)
    session.commit()
    event = session.scalar(select(AuditEvent).where(AuditEvent.target_id == posting.id))
    assert event.action == "posting.edit"
    assert event.details == {"previous_status": "published"}


def test_edit_keeps_the_kind(session):
    posting = PostingFactory(offer=True, author=person())
    edit_posting(session, posting.author, posting, data(kind="request"), today=TODAY)
    assert posting.kind == "offer"


def test_refused_edit_changes_nothing(session):
    posting = PostingFactory(published=True, author=person())
    with pytest.raises(UnknownPostcode):
        edit_posting(
            session, posting.author, posting, data(title="Anders", postcode="1000"), today=TODAY
        )
    assert posting.title == "Wie doet boodschappen voor mij?"
    assert posting.status == PostingStatus.PUBLISHED


def test_only_the_author_can_edit(session):
    posting = PostingFactory(published=True)
    with pytest.raises(PermissionDenied):
        edit_posting(session, person(), posting, data(), today=TODAY)


def test_matched_posting_cannot_be_edited(session):
    posting = PostingFactory(matched=True, author=person())
    with pytest.raises(WrongPostingStatus):
        edit_posting(session, posting.author, posting, data(), today=TODAY)


def test_author_closes_a_posting(session):
    posting = PostingFactory(published=True)
    close_posting(session, posting.author, posting)
    assert posting.status == PostingStatus.CLOSED
    assert posting.closed_at is not None


def test_closed_posting_cannot_be_closed_again(session):
    posting = PostingFactory(status=PostingStatus.CLOSED)
    with pytest.raises(WrongPostingStatus):
        close_posting(session, posting.author, posting)


def test_only_the_author_can_close(session):
    posting = PostingFactory(published=True)
    with pytest.raises(PermissionDenied):
        close_posting(session, UserFactory(moderator=True), posting)


def test_renewed_closed_posting_waits_for_a_moderator_for_thirty_more_days(session):
    posting = PostingFactory(status=PostingStatus.CLOSED, ends_on=TODAY - timedelta(days=3))
    renew_posting(session, posting.author, posting, today=TODAY)
    assert posting.status == PostingStatus.PENDING
    assert posting.ends_on == TODAY + timedelta(days=30)
    assert posting.closed_at is None and posting.published_at is None


def test_renewed_expired_posting_is_published_again_at_once_for_thirty_days(session):
    posting = PostingFactory(status=PostingStatus.EXPIRED, ends_on=TODAY - timedelta(days=3))
    renew_posting(session, posting.author, posting, today=TODAY)
    assert posting.status == PostingStatus.PUBLISHED
    assert posting.published_at is not None
    assert posting.ends_on == TODAY + timedelta(days=30)
    assert posting.expired_at is None


def test_renewed_expired_posting_is_matched_again(session):
    posting = PostingFactory(status=PostingStatus.EXPIRED, ends_on=TODAY - timedelta(days=3))
    renew_posting(session, posting.author, posting, today=TODAY)
    match_request = session.scalar(select(MatchRequest))
    assert match_request.posting_id == posting.id


def test_republishing_an_expired_posting_is_in_the_audit_log(session):
    posting = PostingFactory(status=PostingStatus.EXPIRED, ends_on=TODAY - timedelta(days=3))
    renew_posting(session, posting.author, posting, today=TODAY)
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "posting.renew"))
    assert (event.actor_id, event.target_id) == (posting.author_id, posting.id)


def test_renewed_expired_posting_that_a_moderator_hid_waits_for_a_moderator(session):
    posting = PostingFactory(status=PostingStatus.EXPIRED, is_hidden=True)
    renew_posting(session, posting.author, posting, today=TODAY)
    assert posting.status == PostingStatus.PENDING
    assert session.scalar(select(MatchRequest)) is None


def test_published_posting_cannot_be_renewed(session):
    posting = PostingFactory(published=True)
    with pytest.raises(WrongPostingStatus):
        renew_posting(session, posting.author, posting, today=TODAY)


def test_one_off_posting_with_a_past_date_needs_a_new_date_to_renew(session):
    posting = PostingFactory(
        status=PostingStatus.EXPIRED,
        timing="once",
        once_on=TODAY - timedelta(days=2),
        once_daypart="morning",
    )
    with pytest.raises(NeedsNewDate):
        renew_posting(session, posting.author, posting, today=TODAY)


def test_only_the_author_can_renew(session):
    posting = PostingFactory(status=PostingStatus.EXPIRED)
    with pytest.raises(PermissionDenied):
        renew_posting(session, person(), posting, today=TODAY)


# -- reading and expiring ----------------------------------------------------------------


def test_published_postings_past_their_end_date_expire(session):
    due = PostingFactory(published=True, ends_on=TODAY - timedelta(days=1))
    today_last = PostingFactory(published=True, ends_on=TODAY)
    pending = PostingFactory(ends_on=TODAY - timedelta(days=1))
    assert expire_due_postings(session, TODAY) == 1
    session.commit()
    assert due.status == PostingStatus.EXPIRED
    assert due.expired_at is not None
    assert today_last.status == PostingStatus.PUBLISHED
    assert pending.status == PostingStatus.PENDING


@pytest.mark.parametrize("kind", ["offer", "vacancy"])
def test_offers_and_vacancies_expire_too(session, kind):
    posting = PostingFactory(published=True, kind=kind, ends_on=TODAY - timedelta(days=1))
    assert expire_due_postings(session, TODAY) == 1
    assert posting.status == PostingStatus.EXPIRED


def test_author_hears_how_to_renew_an_expired_posting(session):
    posting = PostingFactory(published=True, author=person(), ends_on=TODAY - timedelta(days=1))
    expire_due_postings(session, TODAY)
    session.commit()
    notification = session.scalar(select(Notification))
    assert notification.recipient_id == posting.author_id
    assert notification.kind == NotificationKind.POSTING_EXPIRED
    assert notification.idempotency_key == f"posting_expired:{posting.id}:{posting.ends_on}"
    # The token carries the second it was signed, so it is read back, not compared.
    renew_prefix = "/oproepen/verlengen/"
    assert notification.link_path.startswith(renew_prefix)
    token = notification.link_path.removeprefix(renew_prefix)
    assert posting_for_renew_token(session, token) == posting
    assert "Verlengen met 30 dagen" in notification.body
    assert f"http://localhost{notification.link_path}" in notification.body
    assert f"http://localhost/oproepen/{posting.id}\n" in notification.body


def test_author_of_a_past_one_off_posting_is_asked_to_pick_a_new_date(session):
    PostingFactory(
        published=True,
        timing="once",
        once_on=TODAY - timedelta(days=2),
        once_daypart="morning",
        ends_on=TODAY - timedelta(days=1),
    )
    expire_due_postings(session, TODAY)
    notification = session.scalar(select(Notification))
    assert "kies een nieuwe datum" in notification.body


def test_expiring_twice_changes_nothing_more(session):
    posting = PostingFactory(published=True, ends_on=TODAY - timedelta(days=1))
    expire_due_postings(session, TODAY)
    session.commit()
    expired_at = posting.expired_at
    assert expire_due_postings(session, TODAY) == 0
    session.commit()
    assert posting.expired_at == expired_at
    assert len(session.scalars(select(Notification)).all()) == 1
