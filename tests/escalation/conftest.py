from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask

from marketplace.escalation.models import Escalation, EscalationStep
from marketplace.extensions import db
from marketplace.timestamps import utcnow
from tests.factories import MembershipFactory, OrganisationFactory, PostingFactory, person


def days_ago(days: float):
    return utcnow() - timedelta(days=days)


def waiting_request(days: float, **fields: Any):
    """A published request nobody responded to, published ``days`` ago."""
    return PostingFactory(published=True, published_at=days_ago(days), author=person(), **fields)


def listed_request(days: float = 8, **fields: Any):
    """A request already on the list for organisations and moderators."""
    posting = waiting_request(days, **fields)
    db.session.add(
        Escalation(
            posting_id=posting.id,
            published_at=posting.published_at,
            step=EscalationStep.LISTED,
            listed_at=days_ago(days - 7),
        )
    )
    db.session.commit()
    return posting


def staff_of(neighbourhoods: str | None = "Stadsdriehoek", **organisation_fields: Any):
    """A staff member of an approved organisation serving ``neighbourhoods``."""
    organisation = OrganisationFactory(neighbourhoods=neighbourhoods, **organisation_fields)
    return MembershipFactory(organisation=organisation, user=person()).user


@pytest.fixture
def run_lifecycle(app: Flask) -> Callable[[str], Any]:
    """Run a lifecycle task as the worker would (celery_app lists worker.lifecycle later)."""
    import worker.lifecycle  # noqa: F401  (registers the tasks)

    celery = app.extensions["celery"]

    def run(name: str) -> Any:
        return celery.tasks[name]()

    return run
