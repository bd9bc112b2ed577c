"""A changed profile asks matching for the open postings that now fit (once per change)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from marketplace.matching.models import MatchRequest
from marketplace.profiles.services import ProfileData, update_profile
from tests.conftest import log_in
from tests.factories import person

pytestmark = pytest.mark.usefixtures("request_context")


def _saved(user, **changes):
    values = {
        "display_name": user.profile.display_name,
        "postcode": user.profile.postcode,
        "radius_km": user.profile.radius_km,
        "wants_to_help": user.profile.wants_to_help,
        "interests": ["boodschappen"],
        "availability": ["mon-morning"],
        "phone": user.profile.phone,
        **changes,
    }
    return ProfileData(**values)


def _requests(session, user):
    return session.scalars(select(MatchRequest).where(MatchRequest.user_id == user.id)).all()


@pytest.fixture
def volunteer(session, categories):
    user = person(wants_to_help=True)
    update_profile(session, user, _saved(user))
    for match_request in _requests(session, user):
        session.delete(match_request)
    session.commit()
    return user


@pytest.mark.parametrize(
    "changes",
    [
        {"radius_km": 12},
        {"interests": ["tuin"]},
        {"availability": ["fri-evening"]},
        {"postcode": "3072 AP"},
        {"wants_to_help": False},
    ],
)
def test_a_change_that_matters_for_matching_asks_for_rematching(session, volunteer, changes):
    update_profile(session, volunteer, _saved(volunteer, **changes))
    assert len(_requests(session, volunteer)) == 1


@pytest.mark.parametrize("changes", [{}, {"display_name": "Nieuwe naam"}, {"phone": "0612345679"}])
def test_a_change_that_does_not_matter_for_matching_asks_nothing(session, volunteer, changes):
    update_profile(session, volunteer, _saved(volunteer, **changes))
    assert _requests(session, volunteer) == []


def test_saving_the_profile_form_with_a_new_radius_asks_for_rematching(client, session, volunteer):
    log_in(client, volunteer)
    form = {
        "display_name": volunteer.profile.display_name,
        "postcode": volunteer.profile.postcode,
        "radius_km": "15",
        "wants_to_help": "y",
        "interests": "boodschappen",
        "availability": "mon-morning",
    }
    assert client.post("/profiel/", data=form).status_code == 302
    assert len(_requests(session, volunteer)) == 1
