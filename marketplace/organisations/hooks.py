"""How organisations plug into the core (``marketplace.events``, ``marketplace.slots``):

- an application to a vacancy enters the pipeline as it is made (``response_created``), is
  placed when the organisation accepts it (``response_accepted``) and is withdrawn when the
  volunteer withdraws her response (``response_withdrawn``);
- the list of postings can be narrowed on a vacancy's details (VOG, hours, newcomers);
- a vacancy's page shows its details (slot ``posting.details``), a person's profile the
  references they chose to show (``profile.sections``), and the volunteer's conversation
  where their application stands (``conversation.sections``).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, render_template
from sqlalchemy.orm import Session

from marketplace import events, slots
from marketplace.accounts.models import User
from marketplace.extensions import db
from marketplace.organisations.pipeline import (
    WITHDRAWABLE,
    applicant_status_text,
    application_for_response,
    narrow_vacancies,
    place_accepted,
    shown_references,
    vacancy_details,
    withdraw_application,
)
from marketplace.postings.models import Posting, PostingKind
from marketplace.postings.queries import register_vacancy_filter
from marketplace.responses.models import Response


def init_app(app: Flask) -> None:
    events.response_created.connect(enter_pipeline)
    events.response_accepted.connect(place_application)
    events.response_withdrawn.connect(withdraw_with_response)
    slots.register(app, "posting.details", vacancy_facts)
    slots.register(app, "profile.sections", references)
    slots.register(app, "conversation.sections", application_status)
    register_vacancy_filter(app, narrow_vacancies)


def enter_pipeline(response: Response, *, session: Session, **_: Any) -> None:
    application_for_response(session, response)  # only for a vacancy


def place_application(response: Response, *, session: Session, **_: Any) -> None:
    if response.posting.kind == PostingKind.VACANCY:
        place_accepted(session, response)


def withdraw_with_response(response: Response, *, session: Session, **_: Any) -> None:
    application = application_for_response(session, response)  # only for a vacancy
    if application is not None and application.status in WITHDRAWABLE:
        withdraw_application(session, response.responder, application)


def vacancy_facts(*, posting: Posting, **_: Any) -> str | None:
    details = vacancy_details(db.session, posting)
    if details is None:
        return None
    return render_template("organisations/_vacancy_details.html", vacancy_details=details)


def references(*, user_id: int, **_: Any) -> str | None:
    shown = shown_references(db.session, user_id)
    if not shown:
        return None
    return render_template("organisations/_references.html", references=shown)


def application_status(*, response: Response, viewer: User, **_: Any) -> str | None:
    if viewer.id != response.responder_id:
        return None
    text = applicant_status_text(db.session, response)
    if text is None:
        return None
    return render_template("organisations/_application_status.html", application_status_text=text)
