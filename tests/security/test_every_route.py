"""Every route, as every kind of visitor, with real, unknown and absurd ids.

Walks the app's URL map (so new routes are covered the day they are added) and checks
three things the issue asks of the whole site: no request gives a 500; nobody but the
owner (and the people she deals with) ever sees her e-mail, phone or private messages;
and nothing a stranger posts changes what is hers.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from werkzeug.routing import Rule
from werkzeug.routing.converters import NumberConverter

from marketplace.accounts.delegations import Delegation
from marketplace.extensions import db
from marketplace.lasting_contact.models import CheckIn, LastingContact
from marketplace.matchmaking.models import MatchmakerInvitation
from marketplace.postings.models import Posting
from marketplace.responses.models import Response
from marketplace.timestamps import local_today
from tests.conftest import log_in
from tests.factories import (
    MatchSuggestionFactory,
    MembershipFactory,
    MessageFactory,
    PostingFactory,
    ReportFactory,
    ResponseFactory,
    UserFactory,
    person,
)

OWNER_EMAIL = "mevrouw.geheim@example.org"
OWNER_PHONE = "010 987 6543"
PRIVATE_MESSAGE = "Mijn sleutel ligt onder de mat bij de achterdeur"
HUGE_ID = 10**20  # larger than any database integer


@dataclass
class World:
    owner_posting: Posting
    pending_posting: Posting
    response: Response
    ids: dict[str, Any]


def build_world() -> World:
    owner = person("3011", display_name="Mevrouw Geheim", phone=OWNER_PHONE)
    owner.email = OWNER_EMAIL
    helper = person("3012", volunteer=True)
    posting = PostingFactory(author=owner, published=True)
    pending = PostingFactory(author=owner)
    response = ResponseFactory(posting=posting, responder=helper)
    message = MessageFactory(response=response, sender=owner, body=PRIVATE_MESSAGE)
    suggestion = MatchSuggestionFactory(posting=posting, user=helper)
    membership = MembershipFactory(user=helper, role="coordinator")
    report = ReportFactory(posting=posting, reporter=helper, reason="privé reden")
    invitation = MatchmakerInvitation(posting=posting, volunteer=helper, kind="invited")
    db.session.add(invitation)
    delegation = Delegation(carer=helper, person=owner, via="paper", ends_on=local_today())
    contact = LastingContact(posting=posting, response=response, volunteer_id=helper.id)
    contact.check_ins.append(CheckIn(week=1, user_id=helper.id))
    db.session.add_all([delegation, contact])
    db.session.commit()
    ids = {
        "posting_id": posting.id,
        "response_id": response.id,
        "message_id": message.id,
        "suggestion_id": suggestion.id,
        "user_id": owner.id,
        "organisation_id": membership.organisation_id,
        "report_id": report.id,
        "slug": membership.organisation.slug,
        "invitation_id": invitation.id,  # a matchmaker's invitation to the helper
        "volunteer_id": helper.id,
        "kind": "vog",
        "delegation_id": delegation.id,
        "contact_id": contact.id,
        "check_in_id": contact.check_ins[0].id,
    }
    return World(posting, pending, response, ids)


def _actors() -> dict[str, Any]:
    return {
        "visitor": None,
        "stranger": person("3014"),
        "moderator": UserFactory(moderator=True),
        "municipality": UserFactory(municipality=True),
        "admin": UserFactory(admin=True),
    }


def _routes(app: Flask) -> list[Rule]:
    return [rule for rule in app.url_map.iter_rules() if rule.endpoint != "static"]


def _fill(rule: Rule, ids: dict[str, Any], override: Any = None) -> str:
    values = {}
    for name in rule.arguments:
        is_number = isinstance(rule._converters[name], NumberConverter)  # type: ignore[attr-defined]
        if override is not None and is_number:
            values[name] = override
        elif name in ids:
            values[name] = ids[name]
        else:
            values[name] = 1 if is_number else "onbekend"
    return rule.build(values)[1]  # type: ignore[index]


def _requests(app: Flask, world: World):  # type: ignore[no-untyped-def]
    for rule in _routes(app):
        for id_value in (None, 999_999, HUGE_ID):
            if id_value is not None and not rule.arguments:
                continue
            path = _fill(rule, world.ids, id_value)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):  # type: ignore[operator]
                yield method, path
            if "GET" in rule.methods:  # type: ignore[operator]
                yield "GET", path + "?page=" + "9" * 25  # past any list, and any OFFSET


@pytest.fixture
def errors_as_pages(app):
    """Let the app's own error handler answer, as in production, so every failure is
    collected as a status code instead of stopping the sweep at the first one."""
    app.config["PROPAGATE_EXCEPTIONS"] = False
    yield
    app.config["PROPAGATE_EXCEPTIONS"] = None


def test_no_route_gives_a_server_error_to_anyone(app, errors_as_pages):
    world = build_world()
    failures = []
    for actor_name, user in _actors().items():
        client = app.test_client()
        if user is not None:
            log_in(client, user)
        for method, path in _requests(app, world):
            status = client.open(path, method=method).status_code
            if status >= 500:
                failures.append(f"{actor_name} {method} {path} -> {status}")
    assert failures == []


def test_strangers_never_see_private_details(app):
    world = build_world()
    leaks = []
    for actor_name in ("visitor", "stranger", "municipality"):
        user = _actors()[actor_name]
        client = app.test_client()
        if user is not None:
            log_in(client, user)
        for method, path in _requests(app, world):
            if method != "GET":
                continue
            page = client.get(path).get_data()  # bytes: some answers are files (a zip)
            for secret in (OWNER_EMAIL, OWNER_PHONE, PRIVATE_MESSAGE):
                if secret.encode() in page:
                    leaks.append(f"{actor_name} sees {secret!r} on {path}")
    assert leaks == []


def test_nothing_a_stranger_posts_changes_what_is_hers(app):
    world = build_world()
    before = _state(world)
    client = log_in(app.test_client(), person("3014"))
    for method, path in _requests(app, world):
        if method == "POST":
            client.post(path, data={"reason": "weg ermee", "message": "x", "body": "x"})
    db.session.expire_all()
    assert _state(world) == before


def _state(world: World) -> dict[str, Any]:
    posting = db.session.get(Posting, world.owner_posting.id)
    pending = db.session.get(Posting, world.pending_posting.id)
    response = db.session.get(Response, world.response.id)
    assert posting is not None and pending is not None and response is not None
    return {
        "posting": (posting.status, posting.is_hidden, posting.title, posting.ends_on),
        "pending": (pending.status, pending.rejection_reason),
        "response": (response.status, response.completed_at),
        "owner_blocked": posting.author.is_blocked,
    }


@pytest.mark.parametrize(
    "path", ["/oproepen/?page=abc&km=-5&sort=%00", "/oproepen/?q=" + "x" * 5000]
)
def test_bad_query_strings_are_answered_not_crashed(client, path):
    assert client.get(path).status_code < 500


def test_the_sweep_covers_every_route_and_the_secrets_are_real(app):
    """Guards the tests above: they must visit many routes, and the secrets they look for
    must really be on pages the people involved are allowed to see."""
    world = build_world()
    requests = list(_requests(app, world))
    assert len({path for _, path in requests}) > 100
    owner = db.session.get(Posting, world.owner_posting.id).author  # type: ignore[union-attr]
    owner_client = log_in(app.test_client(), owner)
    assert OWNER_PHONE in owner_client.get("/profiel/").get_data(as_text=True)
    conversation = owner_client.get(f"/berichten/{world.response.id}").get_data(as_text=True)
    assert PRIVATE_MESSAGE in conversation
