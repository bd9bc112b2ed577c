"""A volunteer who fills in her profile before confirming her address (the order the site
leads her through) gets suggestions for requests that were already open: confirming asks
matching to look again (events.email_confirmed), and the worker's task does it."""

from __future__ import annotations

from sqlalchemy import select

from marketplace.accounts.models import User
from marketplace.extensions import db
from marketplace.matching.models import MatchRequest
from marketplace.notifications.models import NotificationKind
from tests.accounts.helpers import link_in_last_mail
from tests.factories import PostingFactory, category

PASSWORD = "fiets markt regen zon"


def _register(client, name: str, email: str, query: str = "") -> None:
    data = {"display_name": name, "email": email, "password": PASSWORD, "password_again": PASSWORD}
    client.post(f"/registreren{query}", data=data)


def _run_waiting_match_requests(run_task, session) -> None:
    """What the outbox relay hands the worker: every MatchRequest not yet done."""
    session.expire_all()
    waiting = session.scalars(select(MatchRequest.id).where(MatchRequest.completed_at.is_(None)))
    for match_request_id in list(waiting):
        run_task("matching.match_posting", match_request_id)


def test_a_volunteer_who_confirms_after_her_profile_gets_the_open_requests(
    client, session, run_task
):
    shopping = PostingFactory(
        published=True, category=category("boodschappen"), title="Boodschappen op dinsdag"
    )
    session.commit()

    # "Ik wil helpen" → make an account → what she likes to do → confirm from the mail.
    _register(client, "Ans", "ans@example.org", "?doel=helpen&next=/voor-u/")
    saved = client.post(
        "/profiel/helpen",
        data={"postcode": "3012 AB", "interests": ["boodschappen"], "radius_km": "5"},
    )
    assert saved.headers["Location"].endswith("/bevestigen")
    _run_waiting_match_requests(run_task, session)  # nothing yet: she is not confirmed
    ans = session.scalar(select(User).where(User.email == "ans@example.org"))
    assert client.get("/voor-u/").get_data(as_text=True).count(shopping.title) == 0

    confirmed = client.get(link_in_last_mail(ans, NotificationKind.CONFIRM_EMAIL))
    assert confirmed.headers["Location"].endswith("/voor-u/")
    _run_waiting_match_requests(run_task, session)

    assert shopping.title in client.get("/voor-u/").get_data(as_text=True)


def test_confirming_asks_matching_to_look_again(client, session):
    _register(client, "Bo", "bo@example.org")
    bo = session.scalar(select(User).where(User.email == "bo@example.org"))
    before = session.scalars(select(MatchRequest).where(MatchRequest.user_id == bo.id)).all()
    client.get(link_in_last_mail(bo, NotificationKind.CONFIRM_EMAIL))
    db.session.expire_all()
    after = session.scalars(select(MatchRequest).where(MatchRequest.user_id == bo.id)).all()
    assert len(after) == len(before) + 1
