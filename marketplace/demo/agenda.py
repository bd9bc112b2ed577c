"""Demo wijkagenda: activities in several wijken (a weekly coffee morning in Oude Noorden,
a walking group in Blijdorp, a meal in the Afrikaanderwijk, a language café every other
week in Oud-Charlois, a monthly memory café), a resident's activity waiting for the
moderator, sign-ups for next week's coffee morning, a volunteer who takes someone along
to it every week ("Ik ga elke dinsdag, wie gaat er mee?") and a resident's "Ga je mee?"
waiting for the moderator."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from marketplace import events
from marketplace.accounts.memberships import Organisation
from marketplace.accounts.models import User
from marketplace.agenda.companions import ask_company, offer_company
from marketplace.agenda.models import Activity
from marketplace.agenda.services import create_activity, sign_up
from marketplace.postings.models import PostingStatus
from marketplace.timestamps import utcnow


def _weekday_on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


# (organisation slug or None for a resident, weekday, start, end, repeat, values)
ACTIVITIES: list[tuple[str | None, int, time, time, str, dict[str, Any]]] = [
    (
        "buurtkracht-noord",
        1,
        time(10),
        time(11, 30),
        "weekly",
        {
            "kind": "coffee",
            "title": "Koffieochtend in het buurthuis",
            "description": "Elke dinsdag koffie, thee en een praatje. Iedereen is welkom.",
            "audience": "Iedereen uit de wijk, vooral ouderen",
            "place_name": "Buurthuis Het Klooster",
            "street": "Zwaanshals 271",
            "postcode": "3035 KS",
            "accessible": True,
            "accessibility_note": "Geen drempels, invalidentoilet",
            "dementia_friendly": True,
            "signup_required": True,
            "places": 20,
            "contact": "010 - 466 00 11",
        },
    ),
    (
        "buurtkracht-noord",
        3,
        time(14),
        time(15, 30),
        "weekly",
        {
            "kind": "walk",
            "title": "Wandelgroep Blijdorp",
            "description": "Een rustige wandeling van een uur door het Park. Daarna koffie.",
            "audience": "Iedereen die graag buiten is",
            "place_name": "Ingang Vroesenpark",
            "street": "Stadhoudersweg 1",
            "postcode": "3039 CA",
            "contact": "010 - 466 00 11",
        },
    ),
    (
        "buurtkracht-noord",
        2,
        time(14),
        time(16),
        "monthly",
        {
            "kind": "information",
            "title": "Alzheimer Café",
            "description": (
                "Voor mensen met dementie, hun mantelzorgers en buren. Met uitleg en tijd om "
                "te praten."
            ),
            "audience": "Mensen met dementie en hun mantelzorgers",
            "place_name": "Bibliotheek Noord",
            "street": "Bergweg 200",
            "postcode": "3036 BE",
            "accessible": True,
            "dementia_friendly": True,
        },
    ),
    (
        "samen-sterk-zuid",
        2,
        time(17, 30),
        time(19, 30),
        "weekly",
        {
            "kind": "meal",
            "title": "Samen eten op woensdag",
            "description": "Een warme maaltijd met de buurt. Vegetarisch en halal mogelijk.",
            "audience": "Iedereen",
            "place_name": "Wijkcentrum De Put",
            "street": "Putselaan 18",
            "postcode": "3072 AA",
            "accessible": True,
            "cost_cents": 350,
            "signup_required": True,
            "places": 30,
            "contact": "010 - 290 12 34",
        },
    ),
    (
        "samen-sterk-zuid",
        0,
        time(19),
        time(20, 30),
        "fortnightly",
        {
            "kind": "language",
            "title": "Taalcafé",
            "description": "Nederlands oefenen in een gewoon gesprek, met vrijwilligers.",
            "audience": "Mensen die Nederlands leren",
            "place_name": "Bibliotheek Charlois",
            "street": "Wolphaertsbocht 190",
            "postcode": "3082 AP",
        },
    ),
    (
        None,
        5,
        time(14),
        time(16),
        "once",
        {
            "kind": "games",
            "title": "Sjoelmiddag",
            "description": "Wie komt er sjoelen? Ik neem de bak mee.",
            "place_name": "Speeltuin De Kameleon",
            "street": "Gerrit Jan Mulderstraat 10",
            "postcode": "3082 PB",
        },
    ),
]


def load_agenda_demo(
    session: Session, residents: list[User], today: date, volunteers: list[User] | None = None
) -> None:
    """Add the demo activities and a few sign-ups, once; with ``volunteers``, the first
    offers company to the coffee morning. Flushes."""
    if session.scalar(select(Activity.id).limit(1)) is not None:
        return
    organisations = {o.slug: o for o in session.scalars(select(Organisation))}
    coffee: Activity | None = None
    for slug, weekday, start, end, repeat, fields in ACTIVITIES:
        organisation = organisations.get(slug) if slug else None
        if slug and (organisation is None or not organisation.memberships):
            continue
        author = organisation.memberships[0].user if organisation else residents[0]
        first = _weekday_on_or_after(today - timedelta(days=35), weekday)
        values = {
            "cost_cents": 0,
            "accessible": False,
            "accessibility_note": "",
            "dementia_friendly": False,
            "signup_required": False,
            "places": None,
            "contact": "",
            "audience": "",
            "ends_on": None,
            **fields,
            "starts_on": first if repeat != "once" else _weekday_on_or_after(today, weekday),
            "start_time": start,
            "end_time": end,
            "repeat": repeat,
            # No coffee morning in the week of Christmas.
            "exceptions": [_weekday_on_or_after(date(today.year, 12, 22), weekday)]
            if repeat == "weekly"
            else [],
        }
        activity = create_activity(
            session, author, values, organisation.id if organisation else None
        )
        if fields["kind"] == "coffee":
            coffee = activity
    if coffee is not None:
        next_tuesday = _weekday_on_or_after(today + timedelta(days=1), 1)
        for number, resident in enumerate(residents[1:5]):
            sign_up(session, resident, coffee, next_tuesday, share_name=number % 2 == 0)
        if volunteers:
            offer = offer_company(
                session, volunteers[0], coffee, "Ik ga elke dinsdag. Wie gaat er mee?"
            )
            offer.status, offer.published_at = PostingStatus.PUBLISHED, utcnow()
            session.flush()
            events.posting_published.send(offer, session=session)  # matching asks for a match
        if len(residents) > 5:
            ask_company(session, residents[5], coffee, next_tuesday, "Ik loop met een rollator.")
    session.flush()
