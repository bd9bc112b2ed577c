"""The reach index (volunteer_reach) follows every change to a profile or a user."""

from __future__ import annotations

from sqlalchemy import delete, select

from marketplace.accounts.models import User
from marketplace.matching.models import VolunteerReach
from marketplace.matching.reach import rebuild_reach
from marketplace.profiles.services import ProfileData, update_profile
from tests.factories import UserFactory, category, person


def reach(session, user) -> dict[int, VolunteerReach]:
    session.expire_all()
    return {
        row.category_bit: row
        for row in session.scalars(select(VolunteerReach).where(VolunteerReach.user_id == user.id))
    }


def active_bits(session, user) -> list[int]:
    return sorted(bit for bit, row in reach(session, user).items() if row.is_active)


def both_interests() -> int:
    return category("boodschappen").mask | category("tuin").mask


def test_new_volunteer_gets_one_active_row_per_interest(session):
    volunteer = person("3012", volunteer=True, interest_mask=both_interests(), radius_km=7)
    rows = reach(session, volunteer)
    assert sorted(rows) == [category("boodschappen").bit, category("tuin").bit]
    assert all(
        row.is_active and row.radius_km == 7 and row.interest_count == 2 for row in rows.values()
    )


def test_person_who_does_not_want_to_help_has_no_active_rows(session):
    neighbour = person("3012", wants_to_help=False, interest_mask=both_interests())
    assert active_bits(session, neighbour) == []


def test_switching_off_wants_to_help_deactivates_the_rows(session):
    volunteer = person("3012", volunteer=True)
    volunteer.profile.wants_to_help = False
    session.commit()
    assert active_bits(session, volunteer) == []


def test_changing_interests_changes_the_rows(session):
    volunteer = person("3012", volunteer=True)
    volunteer.profile.interest_mask = category("tuin").mask
    session.commit()
    assert active_bits(session, volunteer) == [category("tuin").bit]


def test_changing_radius_and_postcode_moves_the_rows(session):
    volunteer = person("3012", volunteer=True, radius_km=5)
    update_profile(
        session,
        volunteer,
        ProfileData(
            display_name="Ans",
            postcode="1012 AB",
            wants_to_help=True,
            interests=["boodschappen"],
            radius_km=12,
        ),
    )
    session.commit()
    row = reach(session, volunteer)[category("boodschappen").bit]
    assert (row.radius_km, round(row.lat, 1), round(row.lon, 1)) == (12, 52.4, 4.9)


def test_blocking_a_user_deactivates_their_rows_and_unblocking_restores_them(session):
    volunteer = person("3012", volunteer=True)
    volunteer.is_blocked = True
    session.commit()
    assert active_bits(session, volunteer) == []
    session.get(User, volunteer.id).is_blocked = False
    session.commit()
    assert active_bits(session, volunteer) == [category("boodschappen").bit]


def test_confirming_the_email_address_activates_the_rows(session):
    volunteer = person("3012", volunteer=True, user=UserFactory(unconfirmed=True))
    assert active_bits(session, volunteer) == []
    volunteer.email_confirmed_at = volunteer.created_at
    session.commit()
    assert active_bits(session, volunteer) == [category("boodschappen").bit]


def test_deleting_a_user_removes_their_rows(session):
    volunteer = person("3012", volunteer=True)
    user_id = volunteer.id
    session.execute(delete(User).where(User.id == user_id))  # ON DELETE CASCADE
    session.commit()
    assert (
        session.scalars(select(VolunteerReach).where(VolunteerReach.user_id == user_id)).all() == []
    )


def test_what_was_learned_survives_a_profile_edit(session):
    volunteer = person("3012", volunteer=True, interest_mask=both_interests())
    row = reach(session, volunteer)[category("boodschappen").bit]
    row.dismissals, row.comfort_km = 2, 3.5
    session.commit()
    volunteer.profile.radius_km = 9
    session.commit()
    row = reach(session, volunteer)[category("boodschappen").bit]
    assert (row.dismissals, row.comfort_km, row.radius_km) == (2, 3.5, 9)


def test_a_dismissed_category_that_is_unticked_keeps_an_inactive_row(session):
    volunteer = person("3012", volunteer=True, interest_mask=both_interests())
    row = reach(session, volunteer)[category("tuin").bit]
    row.dismissals = 1
    session.commit()
    volunteer.profile.interest_mask = category("boodschappen").mask
    session.commit()
    rows = reach(session, volunteer)
    assert not rows[category("tuin").bit].is_active
    assert rows[category("tuin").bit].dismissals == 1


def test_rebuild_fills_the_index_from_all_profiles(session):
    volunteer = person("3012", volunteer=True, interest_mask=both_interests())
    person("3012", wants_to_help=False, interest_mask=both_interests())
    count = rebuild_reach(session)
    session.commit()
    assert count == 4
    assert active_bits(session, volunteer) == [category("boodschappen").bit, category("tuin").bit]
