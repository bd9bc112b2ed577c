"""The demo town has one home-visit round with a visit in every state."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.demo.data import demo_email, load_demo_data
from marketplace.home_visits.models import HomeVisit, VisitReport, VisitStatus
from marketplace.home_visits.visits import has_open_visits


def test_the_demo_round_has_a_visit_in_every_state(session):
    load_demo_data(session)
    session.commit()
    statuses = set(session.scalars(select(HomeVisit.status)))
    assert statuses == set(VisitStatus)


def test_one_demo_report_has_the_loneliness_scale_with_consent(session):
    load_demo_data(session)
    session.commit()
    scored = session.scalars(
        select(VisitReport).where(VisitReport.loneliness_total.is_not(None))
    ).all()
    assert [report.scale_consent for report in scored] == [True]


def test_the_demo_volunteer_has_a_visit_still_to_make(session):
    load_demo_data(session)
    session.commit()
    daan = session.scalar(select(User).where(User.email == demo_email("daan")))
    assert has_open_visits(session, daan)
