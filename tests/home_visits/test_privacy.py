"""Retention of addresses and reports, and what an erased visitor leaves behind."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import func, select

from marketplace.extensions import db
from marketplace.home_visits.models import (
    HomeVisit,
    RoundAddress,
    VisitorQualification,
    VisitReport,
)
from marketplace.home_visits.visits import ReportData, record_result
from marketplace.my_data.erasure import erase_account
from marketplace.my_data.export import collect_my_data
from marketplace.retention.services import purge_home_visits
from marketplace.timestamps import LOCAL_TIME
from tests.factories import OrganisationFactory
from tests.home_visits.factories import planned_visit, trained_volunteer, visit_round


def _visited(organisation, ended_on=None):
    volunteer = trained_volunteer(organisation)
    round_ = visit_round(organisation, addresses=1)
    round_.ended_on = ended_on
    address_id = db.session.scalar(
        select(RoundAddress.id).where(RoundAddress.round_id == round_.id)
    )
    visit = planned_visit(round_, volunteer, address_id)
    record_result(db.session, volunteer, visit, "visited", ReportData(how_doing="Goed"))
    db.session.commit()
    return volunteer, visit


def _count(session, model):
    return session.scalar(select(func.count()).select_from(model))


def _moment(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=LOCAL_TIME)


def test_addresses_and_reports_go_twelve_months_after_the_round_ended(session):
    _visited(OrganisationFactory(), ended_on=date(2027, 6, 30))
    purge_home_visits(session, _moment(date(2028, 7, 2)), 500)
    assert (_count(session, RoundAddress), _count(session, VisitReport)) == (0, 0)


def test_the_visit_stays_as_a_number_without_address_or_visitor(session):
    _, visit = _visited(OrganisationFactory(), ended_on=date(2027, 6, 30))
    purge_home_visits(session, _moment(date(2028, 7, 2)), 500)
    session.refresh(visit)
    assert (visit.status, visit.address_id, visit.visitor_id) == ("visited", None, None)


def test_a_round_that_ended_less_than_twelve_months_ago_is_kept(session):
    _visited(OrganisationFactory(), ended_on=date(2027, 6, 30))
    purge_home_visits(session, _moment(date(2028, 6, 1)), 500)
    assert (_count(session, RoundAddress), _count(session, VisitReport)) == (1, 1)


def test_a_shorter_retention_setting_erases_sooner(session, app):
    _visited(OrganisationFactory(), ended_on=date(2027, 6, 30))
    app.config["HOME_VISIT_RETENTION_MONTHS"] = 3
    try:
        purge_home_visits(session, _moment(date(2027, 10, 15)), 500)
    finally:
        app.config["HOME_VISIT_RETENTION_MONTHS"] = 12
    assert _count(session, RoundAddress) == 0


def test_purging_twice_changes_nothing_the_second_time(session):
    _visited(OrganisationFactory(), ended_on=date(2027, 6, 30))
    now = _moment(date(2028, 7, 2))
    purge_home_visits(session, now, 500)
    assert purge_home_visits(session, now, 500) == 0


def test_an_erased_visitor_loses_her_vog_and_leaves_the_visit(session):
    volunteer, visit = _visited(OrganisationFactory())
    erase_account(session, volunteer)
    session.commit()
    session.refresh(visit)
    assert visit.visitor_id is None and _count(session, VisitorQualification) == 0
    assert _count(session, HomeVisit) == 1


def test_the_visitors_download_has_her_training_and_visits_but_no_address(session):
    volunteer, _ = _visited(OrganisationFactory())
    data = collect_my_data(session, volunteer)
    assert len(data["visitor_qualifications"]) == 1 and len(data["home_visits"]) == 1
    assert "Kerkstraat" not in str(data)
