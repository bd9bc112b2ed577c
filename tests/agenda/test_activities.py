"""Publishing, moderating and signing up for activities (the services)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from marketplace.agenda.errors import (
    ActivityFull,
    ActivityNotFound,
    NoSuchDate,
    NotModerator,
    NotOrganiser,
)
from marketplace.agenda.models import ActivityStatus
from marketplace.agenda.services import (
    Filters,
    approve_activity,
    attendance,
    cancel_sign_up,
    occurrences,
    reject_activity,
    sign_up,
    update_activity,
)
from marketplace.audit import AuditEvent
from marketplace.timestamps import local_today
from tests.agenda.factories import activity_values, make_activity, next_weekday
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory, person


def test_an_approved_organisations_activity_is_in_the_agenda_at_once(session):
    activity = make_activity()
    assert activity.status == ActivityStatus.APPROVED


def test_the_postcode_gives_the_wijk_and_coordinates(session):
    activity = make_activity()
    assert activity.wijk == "Stadsdriehoek"
    assert 51.8 < activity.lat < 52.0


def test_a_residents_activity_waits_for_a_moderator(session):
    activity = make_activity(author=person())
    assert activity.status == ActivityStatus.PENDING


def test_a_pending_organisations_activity_waits_for_a_moderator(session):
    staff = MembershipFactory(organisation=OrganisationFactory(pending=True)).user
    activity = make_activity(author=staff)
    assert activity.status == ActivityStatus.PENDING


def test_a_moderator_approves_a_residents_activity_and_it_is_audited(session):
    activity = make_activity(author=person())
    moderator = UserFactory(moderator=True)
    approve_activity(session, moderator, activity)
    assert activity.status == ActivityStatus.APPROVED
    assert session.scalar(select(AuditEvent.action).where(AuditEvent.target_id == activity.id))


def test_someone_who_is_not_a_moderator_cannot_approve(session):
    activity = make_activity(author=person())
    with pytest.raises(NotModerator):
        approve_activity(session, person(), activity)


def test_a_rejected_activity_keeps_the_reason(session):
    activity = make_activity(author=person())
    reject_activity(session, UserFactory(moderator=True), activity, " Geen openbare plek ")
    assert (activity.status, activity.rejection_reason) == ("rejected", "Geen openbare plek")


def test_a_resident_who_changes_her_activity_sends_it_back_to_the_moderator(session):
    author = person()
    activity = make_activity(author=author)
    approve_activity(session, UserFactory(moderator=True), activity)
    update_activity(session, author, activity, activity_values(title="Wandelen"))
    assert (activity.title, activity.status) == ("Wandelen", "pending")


def test_only_the_organiser_changes_an_activity(session):
    activity = make_activity()
    with pytest.raises(NotOrganiser):
        update_activity(session, person(), activity, activity_values())


def test_the_agenda_lists_each_date_of_a_series_in_the_week(session):
    activity = make_activity()
    first = activity.starts_on
    found = occurrences(session, first, first + timedelta(days=13), Filters(wijk="Stadsdriehoek"))
    assert [o.day for o in found] == [first, first + timedelta(days=7)]


def test_the_agenda_leaves_out_pending_activities(session):
    activity = make_activity(author=person())
    day = activity.starts_on
    assert occurrences(session, day, day, Filters()) == []


def test_filters_leave_out_activities_that_cost_money(session):
    activity = make_activity(cost_cents=250)
    day = activity.starts_on
    assert occurrences(session, day, day, Filters(free=True)) == []


def test_the_distance_filter_leaves_out_activities_far_away(session):
    activity = make_activity()
    day = activity.starts_on
    far = (52.37, 4.89, 5.0)  # Amsterdam
    assert occurrences(session, day, day, Filters(near=far)) == []
    near = (activity.lat, activity.lon, 1.0)
    assert len(occurrences(session, day, day, Filters(near=near))) == 1


def test_signing_up_for_a_date_of_the_series(session):
    activity = make_activity()
    signup = sign_up(session, person(), activity, activity.starts_on)
    assert signup.occurs_on == activity.starts_on


def test_signing_up_for_a_day_without_the_activity_is_refused(session):
    activity = make_activity()
    with pytest.raises(NoSuchDate):
        sign_up(session, person(), activity, activity.starts_on + timedelta(days=1))


def test_signing_up_for_a_full_date_is_refused(session):
    activity = make_activity(places=1)
    sign_up(session, person(), activity, activity.starts_on)
    with pytest.raises(ActivityFull):
        sign_up(session, person(), activity, activity.starts_on)


def test_signing_up_for_a_pending_activity_is_refused(session):
    activity = make_activity(author=person())
    with pytest.raises(ActivityNotFound):
        sign_up(session, person(), activity, activity.starts_on)


def test_cancelling_removes_the_sign_up(session):
    activity = make_activity()
    resident = person()
    sign_up(session, resident, activity, activity.starts_on)
    assert cancel_sign_up(session, resident, activity, activity.starts_on)
    assert (
        attendance(session, activity.created_by, activity, local_today(), activity.starts_on) == []
    )


def test_the_organiser_sees_the_count_and_only_names_that_were_shared(session):
    activity = make_activity()
    sign_up(session, person(display_name="Ans"), activity, activity.starts_on, share_name=True)
    sign_up(session, person(display_name="Bep"), activity, activity.starts_on)
    [day] = attendance(
        session, activity.created_by, activity, activity.starts_on, activity.starts_on
    )
    assert (day.count, day.names) == (2, ["Ans"])


def test_someone_else_does_not_see_the_attendance(session):
    activity = make_activity()
    with pytest.raises(NotOrganiser):
        attendance(session, person(), activity, local_today(), activity.starts_on)


def test_next_weekday_is_after_today():
    assert next_weekday(1) > local_today()
    assert next_weekday(1).weekday() == 1


def test_the_resident_hears_that_her_activity_was_rejected_and_why(session):
    from marketplace.notifications.models import Notification

    activity = make_activity(author=person())
    reject_activity(session, UserFactory(moderator=True), activity, "Geen openbare plek")
    notice = session.scalar(select(Notification).where(Notification.kind == "activity_rejected"))
    assert "Geen openbare plek" in notice.body
    assert notice.recipient_id == activity.created_by_id
