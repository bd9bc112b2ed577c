"""The home-visit pages for the accessibility sweep: a round of Welzijn Noord (the
coordinator is ``staff``) with Karim (``volunteer``) as a trained visitor, one open visit and
one visited with a report. Made the first time a page asks for it, then reused."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.home_visits.models import (
    HomeVisit,
    VisitorQualification,
    VisitRound,
    VisitStatus,
    Wish,
)
from marketplace.home_visits.planning import plan_round
from marketplace.home_visits.rounds import import_addresses
from marketplace.home_visits.visits import ReportData, record_result
from marketplace.timestamps import local_today
from tests.browser.conftest import World

CSV = (
    b"Naam;Voornaam;Adres;Postcode;Geboortejaar\n"
    b"Jansen;Marie;Kerkstraat 1;3011 AB;1941\n"
    b"de Graaf;Kees;Kerkstraat 3;3011 AB;1938\n"
)


@dataclass(frozen=True)
class HomeVisitWorld:
    round_id: int
    open_visit_id: int
    reported_visit_id: int


def home_visit_world(world: World) -> HomeVisitWorld:
    visit_round = db.session.scalar(
        select(VisitRound).where(VisitRound.organisation_id == world.organisation.id)
    )
    if visit_round is None:
        volunteer = world.users["volunteer"]
        db.session.add(
            VisitorQualification(
                organisation_id=world.organisation.id,
                user_id=volunteer.id,
                vog_on=date(2026, 1, 5),
                trained_on=date(2026, 2, 1),
                training_expires_on=date(2099, 1, 1),
            )
        )
        visit_round = VisitRound(
            organisation_id=world.organisation.id, wijk="Centrum", name="75+ Centrum", year=2027
        )
        db.session.add(visit_round)
        db.session.flush()
        import_addresses(db.session, visit_round, CSV)
        plan_round(db.session, visit_round, local_today())
        # Karim keeps an open visit; the other visitor (the coordinator) made hers.
        other = db.session.scalars(
            select(HomeVisit).where(HomeVisit.visitor_id != volunteer.id).order_by(HomeVisit.id)
        ).first()
        assert other is not None and other.visitor is not None
        record_result(
            db.session,
            other.visitor,
            other,
            VisitStatus.VISITED,
            ReportData(how_doing="Goed", wishes=[Wish.COMPANY]),
        )
        db.session.commit()
    volunteer_id = world.users["volunteer"].id
    visits = db.session.scalars(
        select(HomeVisit).where(HomeVisit.round_id == visit_round.id).order_by(HomeVisit.id)
    ).all()
    open_visit = next(v for v in visits if v.visitor_id == volunteer_id)
    reported = next(v for v in visits if v.visitor_id != volunteer_id)
    return HomeVisitWorld(visit_round.id, open_visit.id, reported.id)


def _round(world: World) -> dict[str, Any]:
    return {"round_id": home_visit_world(world).round_id}


def _open_visit(world: World) -> dict[str, Any]:
    return {"visit_id": home_visit_world(world).open_visit_id}


def _resident(world: World) -> dict[str, Any]:
    made = home_visit_world(world)
    visit = db.session.get(HomeVisit, made.reported_visit_id)
    assert visit is not None
    return {"round_id": made.round_id, "address_id": visit.address_id}


def _report(world: World) -> dict[str, Any]:
    return {"visit_id": home_visit_world(world).reported_visit_id}


def _visits_made(world: World) -> dict[str, Any]:
    home_visit_world(world)
    return {}


def _organisation(world: World) -> dict[str, Any]:
    home_visit_world(world)
    return {"organisation_id": world.organisation.id}


def home_visit_pages(page_type: Any) -> list[Any]:
    """The PageTypes (``page_type`` is pages.PageType, passed in to avoid an import cycle)."""
    return [
        page_type("home-visit-rounds", "home_visits.rounds", ("staff",), _organisation, form=True),
        page_type("home-visit-round", "home_visits.round_page", ("staff",), _round),
        page_type("home-visit-upload", "home_visits.upload", ("staff",), _round, form=True),
        page_type("home-visit-letters", "home_visits.letters", ("staff",), _round),
        page_type(
            "home-visit-visitors", "home_visits.visitors", ("staff",), _organisation, form=True
        ),
        page_type("home-visit-mine", "home_visits.mine", ("volunteer",), _visits_made),
        page_type("home-visit-visit", "home_visits.visit", ("volunteer",), _open_visit, form=True),
        page_type("home-visit-report", "home_visits.report", ("staff",), _report),
        page_type("home-visit-resident", "home_visits.resident", ("staff",), _resident, form=True),
    ]
