from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from marketplace.accounts.models import User
from marketplace.escalation.models import Escalation, EscalationStep
from marketplace.extensions import db
from marketplace.matchmaking.models import Credential
from marketplace.postings.models import Posting
from marketplace.timestamps import local_today, utcnow
from tests.factories import MembershipFactory, OrganisationFactory, PostingFactory, person


def listed_request(**fields: Any) -> Posting:
    """A request in Stadsdriehoek nobody answered, on "Hulp gezocht"."""
    posting = PostingFactory(published=True, author=person(), **fields)
    db.session.add(
        Escalation(
            posting_id=posting.id,
            published_at=posting.published_at,
            step=EscalationStep.LISTED,
            listed_at=utcnow(),
        )
    )
    db.session.commit()
    return posting


def worker(neighbourhoods: str | None = "Stadsdriehoek", **fields: Any) -> User:
    """A welfare worker of an approved organisation serving ``neighbourhoods``."""
    organisation = OrganisationFactory(neighbourhoods=neighbourhoods, **fields)
    return MembershipFactory(organisation=organisation, user=person()).user


def volunteer(postcode: str = "3011", **fields: Any) -> User:
    """Someone who helps with shopping, any time, near the request."""
    return person(postcode=postcode, volunteer=True, **fields)


def give_vog(user: User, organisation_id: int, **fields: Any) -> Credential:
    credential = Credential(
        user_id=user.id,
        organisation_id=organisation_id,
        kind=fields.pop("kind", "vog"),
        issued_on=fields.pop("issued_on", local_today()),
        **fields,
    )
    db.session.add(credential)
    db.session.commit()
    return credential


@pytest.fixture
def run_task(app: Flask) -> Callable[[str], Any]:
    import worker.matchmaking  # noqa: F401  (registers the tasks)

    celery = app.extensions["celery"]

    def run(name: str) -> Any:
        return celery.tasks[name]()

    return run
