import pytest

from marketplace.accounts.people import public_profile
from marketplace.dayparts import mask_from_slots
from marketplace.profiles.errors import (
    AlertCapOutOfRange,
    DisplayNameMissing,
    InvalidPostcode,
    RadiusOutOfRange,
    UnknownNotificationPreference,
    UnknownPostcode,
)
from marketplace.profiles.models import Profile
from marketplace.profiles.services import (
    ProfileData,
    availability_grid,
    home_area_sentence,
    interest_categories,
    language_names,
    update_notification_settings,
    update_profile,
)
from tests.factories import ProfileFactory, UserFactory, person

pytestmark = pytest.mark.usefixtures("request_context")


def data(**changes):
    values = {"display_name": "Ans", "postcode": "3011 AB", "radius_km": 5, **changes}
    return ProfileData(**values)


def test_update_profile_derives_home_and_neighbourhood_from_the_postcode(session):
    user = person(postcode="1012")
    profile = update_profile(session, user, data(postcode=" 3014ab "))
    assert (profile.postcode, profile.pc4, profile.neighbourhood) == (
        "3014 AB",
        "3014",
        "Oude Westen",
    )
    assert profile.lat == pytest.approx(51.92, abs=0.02)


def test_update_profile_refuses_a_malformed_postcode(session):
    with pytest.raises(InvalidPostcode):
        update_profile(session, person(), data(postcode="3011 SA"))


def test_update_profile_refuses_an_unknown_postcode(session):
    with pytest.raises(UnknownPostcode):
        update_profile(session, person(), data(postcode="3000"))


@pytest.mark.parametrize("radius_km", [0, 26, -1])
def test_update_profile_refuses_a_radius_outside_1_to_25_km(session, radius_km):
    with pytest.raises(RadiusOutOfRange):
        update_profile(session, person(), data(radius_km=radius_km))


def test_update_profile_refuses_a_blank_name(session):
    with pytest.raises(DisplayNameMissing):
        update_profile(session, person(), data(display_name="  "))


def test_refused_update_changes_nothing(session):
    user = person(display_name="Oud", postcode="3011")
    with pytest.raises(UnknownPostcode):
        update_profile(session, user, data(display_name="Nieuw", postcode="3000"))
    assert user.profile.display_name == "Oud"


def test_update_profile_creates_a_missing_profile(session):
    user = UserFactory()
    update_profile(session, user, data())
    session.commit()
    assert session.get(Profile, user.id).neighbourhood == "Stadsdriehoek"


def test_update_profile_stores_interests_as_category_bits(session, categories):
    profile = update_profile(session, person(), data(interests=["tuin", "taal", "onbekend"]))
    assert profile.interest_mask == categories["tuin"].mask | categories["taal"].mask


def test_update_profile_stores_availability_as_a_mask(session):
    profile = update_profile(session, person(), data(availability=["wed-afternoon", "sun-morning"]))
    assert profile.availability_mask == mask_from_slots(["wed-afternoon", "sun-morning"])


def test_update_profile_keeps_languages_in_a_fixed_order(session):
    profile = update_profile(session, person(), data(languages=["tr", "nl", "xx"]))
    assert profile.languages == "nl,tr"


def test_update_profile_tidies_the_spaces_in_a_phone_number(session):
    profile = update_profile(session, person(), data(phone="  06   1234 5678 "))
    assert profile.phone == "06 1234 5678"


def test_interest_categories_lists_active_liked_categories_in_order(session, categories):
    profile = ProfileFactory(
        interest_mask=categories["taal"].mask
        | categories["boodschappen"].mask
        | categories["tuin"].mask
    )
    categories["tuin"].is_active = False
    session.commit()
    assert [c.slug for c in interest_categories(session, profile)] == ["boodschappen", "taal"]


def test_language_names_are_words():
    assert language_names(Profile(languages="nl,ar")) == ["Nederlands", "Arabisch"]
    assert language_names(Profile(languages=None)) == []


def test_home_area_names_the_rotterdam_wijk_or_the_place():
    assert home_area_sentence(Profile(pc4="3011", neighbourhood="Stadsdriehoek")) == (
        "U woont in de wijk Stadsdriehoek."
    )
    assert home_area_sentence(Profile(pc4="1012", neighbourhood="Amsterdam")) == (
        "U woont in Amsterdam."
    )
    assert home_area_sentence(None) is None


def test_availability_grid_has_a_row_per_day_and_a_column_per_daypart():
    grid = availability_grid(mask_from_slots(["tue-morning"]))
    assert grid.column_labels == ["ochtend", "middag", "avond"]
    assert [row.day_label for row in grid.rows][:2] == ["maandag", "dinsdag"]
    tuesday_morning = grid.rows[1].slots[0]
    assert (tuesday_morning.value, tuesday_morning.label) == ("tue-morning", "dinsdagochtend")
    assert tuesday_morning.is_selected
    assert sum(slot.is_selected for row in grid.rows for slot in row.slots) == 1


def test_availability_grid_from_form_values_ignores_made_up_slots():
    grid = availability_grid(["fri-evening", "fri-night"])
    assert [s.value for r in grid.rows for s in r.slots if s.is_selected] == ["fri-evening"]
    assert availability_grid(None).is_empty


def test_public_profile_holds_nothing_private(session):
    user = person(postcode="3012", display_name="Mehmet", shows_neighbourhood=True)
    shown = public_profile(session, user.id)
    assert shown.display_name == "Mehmet"
    assert shown.neighbourhood == "Cool"
    assert set(vars(shown)) == {"user_id", "display_name", "neighbourhood", "member_since"}


def test_public_profile_is_none_for_blocked_unknown_and_absurd_ids(session):
    blocked = ProfileFactory(user=UserFactory(blocked=True))
    assert public_profile(session, blocked.user_id) is None
    assert public_profile(session, 424242) is None
    assert public_profile(session, 10**30) is None
    assert public_profile(session, 0) is None


def test_update_notification_settings_stores_both_choices(session):
    user = person()
    profile = update_notification_settings(session, user, "weekly", 20)
    assert (profile.notification_preference, profile.weekly_alert_cap) == ("weekly", 20)


def test_update_notification_settings_refuses_an_unknown_preference(session):
    with pytest.raises(UnknownNotificationPreference):
        update_notification_settings(session, person(), "hourly", 5)


@pytest.mark.parametrize("cap", [0, 21])
def test_update_notification_settings_refuses_a_cap_outside_1_to_20(session, cap):
    with pytest.raises(AlertCapOutOfRange):
        update_notification_settings(session, person(), "instant", cap)
