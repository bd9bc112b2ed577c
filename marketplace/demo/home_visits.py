"""Demo home visits: one 75+ round in Oude Noorden for Stichting Buurtkracht Noord, with
three trained volunteers (Daan, the demo volunteer, among them) and a visit in every state:
planned, not at home (to try again), not reached, declined, and visited with a report (one
with the loneliness scale, given with consent)."""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace.accounts.memberships import Membership, MembershipRole, Organisation
from marketplace.accounts.models import User
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

ORGANISATION = "buurtkracht-noord"
VISITORS = ("daan", "noor", "lotte")
RESIDENTS = [
    ("Jansen", "Marie", "Zwaanshals 12", "3035 KA", 1941),
    ("de Graaf", "Kees", "Zaagmolenkade 40", "3035 KB", 1938),
    ("Bouali", "Fatna", "Noordplein 3", "3035 EA", 1946),
    ("van Dam", "Gerrit", "Bergweg 110", "3036 BD", 1944),
    ("Smit", "Truus", "Vijverhofstraat 8", "3032 SB", 1940),
    ("Peeters", "Joke", "Zwart Janstraat 55", "3035 AN", 1947),
    ("Öztürk", "Ahmet", "Jacob Loisstraat 6", "3033 RC", 1945),
    ("Visser", "Annie", "Schiebroekseweg 2", "3038 BA", 1936),
    ("Koster", "Wim", "Gordelweg 70", "3038 GA", 1943),
    ("de Jong", "Riet", "Bergpolderstraat 19", "3038 KB", 1939),
]
# In this order over the visits, Daan's (the demo volunteer's) first, so his round on the
# phone still has a visit to make and one to try again; the rest stay planned.
STATES = ("planned", "not_home", "visited_scale", "visited", "not_reached", "declined")
# One resident's answers: the three emotional items "ja", the social ones "min of meer".
SCALE = {
    "emptiness": "ja",
    "miss_people": "ja",
    "rejected": "nee",
    "fall_back": "min_of_meer",
    "trust": "ja",
    "close": "nee",
}

# What the visitor wrote down at the two visited addresses.
REPORTS = {
    "visited_scale": ReportData(
        how_doing="Woont alleen sinds haar man overleed. Redt zich, maar ziet weinig mensen.",
        wishes=[Wish.COMPANY, Wish.ACTIVITIES],
        scale_consent=True,
        scale_answers=SCALE,
    ),
    "visited": ReportData(
        how_doing="Kwiek, maar de trap wordt zwaar. Boodschappen zijn lastig.",
        wishes=[Wish.SHOPPING, Wish.PRACTICAL],
    ),
}


def _csv() -> bytes:
    lines = ["Naam;Voornaam;Adres;Postcode;Geboortejaar"]
    lines += [";".join(str(part) for part in row) for row in RESIDENTS]
    return "\n".join(lines).encode()


def load_home_visits(
    session: Session, organisations: dict[str, Organisation], people: list[User], today: date
) -> None:
    """Flushes; the caller commits."""
    organisation = organisations[ORGANISATION]
    coordinator = session.scalar(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.organisation_id == organisation.id,
            Membership.role == MembershipRole.COORDINATOR,
        )
    )
    by_name = {person.email.split("@")[0]: person for person in people}
    for name in VISITORS:
        session.add(
            VisitorQualification(
                organisation_id=organisation.id,
                user_id=by_name[name].id,
                vog_on=today - timedelta(days=300),
                trained_on=today - timedelta(days=200),
                training_expires_on=today + timedelta(days=530),
                recorded_by_id=coordinator.id if coordinator else None,
            )
        )
    visit_round = VisitRound(
        organisation_id=organisation.id,
        wijk="Oude Noorden",
        name="75+ Oude Noorden",
        year=today.year,
        created_by_id=coordinator.id if coordinator else None,
    )
    session.add(visit_round)
    session.flush()
    import_addresses(session, visit_round, _csv())
    plan_round(session, visit_round, today - timedelta(days=14))
    visits = sorted(
        session.scalars(select(HomeVisit).where(HomeVisit.round_id == visit_round.id)),
        key=lambda visit: (visit.visitor_id != by_name[VISITORS[0]].id, visit.id),
    )
    for visit, state in zip(visits, STATES, strict=False):
        visitor = visit.visitor or coordinator
        if visitor is None or state == "planned":
            continue
        if state in REPORTS:
            record_result(session, visitor, visit, VisitStatus.VISITED, REPORTS[state])
        elif state in ("not_home", "not_reached"):
            for _ in range(1 if state == "not_home" else 3):
                record_result(session, visitor, visit, VisitStatus.NOT_HOME)
        else:
            record_result(session, visitor, visit, VisitStatus.DECLINED)
    session.flush()
