"""Demo of lasting contact: Henk Bakker's weekly walk with a volunteer, every Thursday at
10:00 for eight weeks now ("Gaat het goed?" answered "goed" after a week, the six-week
question still open), and Riet Jansen's telefoonmaatje that stopped after a month."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy.orm import Session

from marketplace.accounts.models import User
from marketplace.categories import Category
from marketplace.geo import lookup_postcode
from marketplace.lasting_contact.models import CheckIn, EndReason, LastingContact
from marketplace.postings.models import LastingKind, Posting, PostingKind, PostingStatus, Timing
from marketplace.responses.models import Message, Response, ResponseStatus


def _person(people: list[User], name: str) -> User:
    return next(p for p in people if p.profile is not None and p.profile.display_name == name)


def _matched_request(
    session: Session,
    company: Category,
    author: User,
    volunteer: User,
    kind: LastingKind,
    title: str,
    started: datetime,
) -> tuple[Posting, Response]:
    place = lookup_postcode((author.profile.postcode if author.profile else None) or "3011")
    posting = Posting(
        kind=PostingKind.REQUEST,
        status=PostingStatus.MATCHED,
        category=company,
        title=title,
        description="Ik zou graag elke week iemand zien of spreken. Wie wil dat ook?",
        author=author,
        lasting=kind,
        **place.columns(),
        timing=Timing.FLEXIBLE,
        created_at=started - timedelta(days=5),
        submitted_at=started - timedelta(days=5),
        published_at=started - timedelta(days=4),
        matched_at=started,
        first_response_at=started - timedelta(days=2),
    )
    response = Response(
        posting=posting,
        responder=volunteer,
        message="Ik wandel en bel graag. Zullen we kennismaken?",
        status=ResponseStatus.ACCEPTED,
        created_at=started - timedelta(days=2),
        decided_at=started,
    )
    session.add_all([posting, response])
    session.add(
        Message(
            response=response,
            sender=author,
            body="Wat fijn! Donderdagochtend past mij goed.",
            created_at=started + timedelta(hours=2),
        )
    )
    session.flush()
    return posting, response


def load_lasting_contact_demo(
    session: Session,
    residents: list[User],
    volunteers: list[User],
    company: Category,
    now: datetime,
) -> None:
    henk = _person(residents, "Henk Bakker")
    riet = _person(residents, "Riet Jansen")
    started = now - timedelta(weeks=8)
    posting, response = _matched_request(
        session,
        company,
        henk,
        volunteers[0],
        LastingKind.WALK,
        "Wie wandelt elke week met mij?",
        started,
    )
    walk = LastingContact(
        posting=posting,
        response=response,
        volunteer_id=volunteers[0].id,
        neighbourhood=posting.neighbourhood,
        weekday=3,
        at_time=time(10),
        started_at=started,
    )
    walk.check_ins += [
        CheckIn(
            week=1,
            user_id=henk.id,
            asked_at=started + timedelta(weeks=1),
            answer="good",
            answered_at=started + timedelta(weeks=1, hours=3),
        ),
        CheckIn(week=6, user_id=henk.id, asked_at=started + timedelta(weeks=6)),
        CheckIn(week=6, user_id=volunteers[0].id, asked_at=started + timedelta(weeks=6)),
    ]
    phone_started = now - timedelta(weeks=10)
    posting, response = _matched_request(
        session,
        company,
        riet,
        volunteers[1],
        LastingKind.PHONE,
        "Telefoonmaatje gezocht",
        phone_started,
    )
    ended = LastingContact(
        posting=posting,
        response=response,
        volunteer_id=volunteers[1].id,
        neighbourhood=posting.neighbourhood,
        weekday=1,
        at_time=time(19),
        started_at=phone_started,
        ended_at=phone_started + timedelta(weeks=4),
        ended_by_id=volunteers[1].id,
        end_reason=EndReason.ENDED,
    )
    session.add_all([walk, ended])
    session.flush()
