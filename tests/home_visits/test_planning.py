"""Planning a round over the visitors: near, when they can, and balanced."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import func, select

from marketplace.dayparts import mask_from_slots
from marketplace.extensions import db
from marketplace.home_visits.errors import NothingToPlan, NoVisitors
from marketplace.home_visits.models import HomeVisit
from marketplace.home_visits.planning import VISITS_PER_DAYPART, plan_round
from marketplace.home_visits.rounds import import_addresses
from marketplace.matchmaking.models import Credential
from tests.factories import OrganisationFactory, person
from tests.home_visits.factories import address_csv, trained_volunteer, visit_round

MONDAY = date(2027, 3, 8)


def _visits(session):
    return session.scalars(select(HomeVisit).order_by(HomeVisit.id)).all()


def test_every_address_gets_a_trained_visitor(session):
    organisation = OrganisationFactory()
    volunteer = trained_volunteer(organisation)
    round_ = visit_round(organisation, addresses=4)
    result = plan_round(session, round_, MONDAY)
    assert result.planned == 4 and {v.visitor_id for v in _visits(session)} == {volunteer.id}


def test_a_volunteer_whose_training_expired_is_not_planned(session):
    organisation = OrganisationFactory()
    trained_volunteer(organisation, expires=date(2027, 1, 1))
    round_ = visit_round(organisation, addresses=2)
    with pytest.raises(NoVisitors):
        plan_round(session, round_, MONDAY)


def test_visits_fall_on_the_dayparts_the_visitor_is_available(session):
    organisation = OrganisationFactory()
    trained_volunteer(organisation, availability_mask=mask_from_slots(["tue-afternoon"]))
    round_ = visit_round(organisation, addresses=4)
    plan_round(session, round_, MONDAY)
    visits = _visits(session)
    assert {(v.planned_on.weekday(), v.daypart) for v in visits} == {(1, "afternoon")}
    assert (
        max(sum(1 for v in visits if v.planned_on == day) for day in {v.planned_on for v in visits})
        == VISITS_PER_DAYPART
    )


def test_the_addresses_are_shared_out_evenly(session):
    organisation = OrganisationFactory()
    first = trained_volunteer(organisation, postcode="3011")
    second = trained_volunteer(organisation, postcode="3012")
    round_ = visit_round(organisation, addresses=6)
    plan_round(session, round_, MONDAY)
    counts = session.execute(
        select(HomeVisit.visitor_id, func.count()).group_by(HomeVisit.visitor_id)
    ).all()
    assert dict(counts) == {first.id: 3, second.id: 3}


def test_an_address_beyond_every_visitors_radius_is_left_unplanned(session):
    organisation = OrganisationFactory()
    trained_volunteer(organisation, postcode="3011", radius_km=2)
    round_ = visit_round(organisation, addresses=1)
    import_addresses(session, round_, address_csv(1, postcode="9711 AA"))  # Groningen
    result = plan_round(session, round_, MONDAY)
    assert (result.planned, result.not_planned) == (1, 1)


def test_planning_again_plans_only_new_addresses(session):
    organisation = OrganisationFactory()
    trained_volunteer(organisation)
    round_ = visit_round(organisation, addresses=2)
    plan_round(session, round_, MONDAY)
    import_addresses(session, round_, address_csv(3))
    assert plan_round(session, round_, MONDAY).planned == 1


def test_a_round_with_every_address_planned_has_nothing_to_plan(session):
    organisation = OrganisationFactory()
    trained_volunteer(organisation)
    round_ = visit_round(organisation, addresses=1)
    plan_round(session, round_, MONDAY)
    with pytest.raises(NothingToPlan):
        plan_round(session, round_, MONDAY)


def test_no_visit_is_planned_after_the_visitors_training_expires(session):
    organisation = OrganisationFactory()
    trained_volunteer(
        organisation,
        expires=date(2027, 3, 9),
        availability_mask=mask_from_slots(["tue-morning", "wed-morning"]),
    )
    round_ = visit_round(organisation, addresses=6)
    result = plan_round(session, round_, MONDAY)
    assert max(v.planned_on for v in _visits(session)) <= date(2027, 3, 9)
    assert (result.planned, result.not_planned) == (VISITS_PER_DAYPART, 3)


def _credential(organisation, user, kind, issued_on=date(2026, 1, 5), expires_on=None):
    db.session.add(
        Credential(
            user_id=user.id,
            organisation_id=organisation.id,
            kind=kind,
            issued_on=issued_on,
            expires_on=expires_on,
        )
    )
    db.session.commit()


def test_a_volunteer_with_a_vog_and_the_home_visits_training_credential_visits(session):
    organisation = OrganisationFactory()
    volunteer = person(postcode="3011", volunteer=True)
    _credential(organisation, volunteer, "vog")
    _credential(organisation, volunteer, "home_visits")
    round_ = visit_round(organisation, addresses=2)
    assert plan_round(session, round_, MONDAY).planned == 2
    assert {v.visitor_id for v in _visits(session)} == {volunteer.id}


@pytest.mark.parametrize("only", ["vog", "home_visits"])
def test_one_of_the_two_credentials_is_not_enough_to_visit(session, only):
    organisation = OrganisationFactory()
    _credential(organisation, person(postcode="3011", volunteer=True), only)
    with pytest.raises(NoVisitors):
        plan_round(session, visit_round(organisation, addresses=1), MONDAY)


def test_credentials_another_organisation_recorded_do_not_make_a_visitor_here(session):
    organisation, other = OrganisationFactory(), OrganisationFactory()
    volunteer = person(postcode="3011", volunteer=True)
    _credential(other, volunteer, "vog")
    _credential(other, volunteer, "home_visits")
    with pytest.raises(NoVisitors):
        plan_round(session, visit_round(organisation, addresses=1), MONDAY)


def test_no_visit_is_planned_after_the_vog_credential_expires(session):
    organisation = OrganisationFactory()
    volunteer = person(
        postcode="3011",
        volunteer=True,
        availability_mask=mask_from_slots(["tue-morning", "wed-morning"]),
    )
    _credential(organisation, volunteer, "vog", expires_on=date(2027, 3, 9))
    _credential(organisation, volunteer, "home_visits", expires_on=date(2028, 1, 1))
    round_ = visit_round(organisation, addresses=6)
    result = plan_round(session, round_, MONDAY)
    assert max(v.planned_on for v in _visits(session)) <= date(2027, 3, 9)
    assert (result.planned, result.not_planned) == (VISITS_PER_DAYPART, 3)
