"""Vacancies and the volunteers who apply: details, the applicant pipeline, notes, hours
and references.

Every response to a vacancy gets an ``Application`` (created when the organisation's staff
or the volunteer first look, or by ``application_for_response`` from the responses
feature). Notes are for the organisation's staff only; nothing here hands them to anyone
else. Functions that change something check permissions, raise domain errors and only
``flush()``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, joinedload

from marketplace.accounts.memberships import Organisation
from marketplace.accounts.models import User
from marketplace.accounts.permissions import PermissionDenied
from marketplace.audit import record_audit
from marketplace.notifications.models import NotificationKind
from marketplace.notifications.services import notify, page_path
from marketplace.organisations.errors import NotPlaced, TransitionNotAllowed
from marketplace.organisations.models import (
    Application,
    ApplicationNote,
    ApplicationStatus,
    Reference,
    VacancyDetails,
    VolunteerHours,
)
from marketplace.organisations.services import check_may_send_mail
from marketplace.permissions import staff_of
from marketplace.postings.models import Posting, PostingKind
from marketplace.postings.queries import VacancyFilters
from marketplace.postings.services import create_posting
from marketplace.postings.validation import PostingData
from marketplace.responses.models import Response, ResponseStatus
from marketplace.timestamps import utcnow

S = ApplicationStatus

# What the organisation's staff may do next. Staff can step back one step when they made a
# mistake, and look again at someone they found not suitable; only the volunteer withdraws.
STAFF_TRANSITIONS: dict[str, frozenset[str]] = {
    S.NEW: frozenset({S.CONTACTED, S.INTAKE_PLANNED, S.PLACED, S.NOT_SUITABLE}),
    S.CONTACTED: frozenset({S.NEW, S.INTAKE_PLANNED, S.PLACED, S.NOT_SUITABLE}),
    S.INTAKE_PLANNED: frozenset({S.CONTACTED, S.PLACED, S.NOT_SUITABLE}),
    S.PLACED: frozenset(),
    S.NOT_SUITABLE: frozenset({S.CONTACTED}),
    S.WITHDRAWN: frozenset(),
}
WITHDRAWABLE = frozenset({S.NEW, S.CONTACTED, S.INTAKE_PLANNED, S.PLACED})
BOARD_ORDER = [S.NEW, S.CONTACTED, S.INTAKE_PLANNED, S.PLACED, S.NOT_SUITABLE, S.WITHDRAWN]

# Column and button names for the organisation's staff.
STATUS_LABELS = {
    S.NEW: _l("Nieuw"),
    S.CONTACTED: _l("Contact gehad"),
    S.INTAKE_PLANNED: _l("Kennismaking gepland"),
    S.PLACED: _l("Geplaatst"),
    S.NOT_SUITABLE: _l("Past niet"),
    S.WITHDRAWN: _l("Teruggetrokken"),
}
# What the volunteer reads about their own application: plain words.
APPLICANT_STATUS_TEXT = {
    S.NEW: _l("Uw aanmelding is binnen. De organisatie kijkt er binnenkort naar."),
    S.CONTACTED: _l("De organisatie heeft contact met u opgenomen. Kijk ook in uw berichten."),
    S.INTAKE_PLANNED: _l(
        "U heeft binnenkort een kennismakingsgesprek met de organisatie. "
        "In uw berichten staat wanneer."
    ),
    S.PLACED: _l("U doet dit vrijwilligerswerk. Welkom, en veel plezier!"),
    S.NOT_SUITABLE: _l(
        "De organisatie heeft gekozen voor iemand anders, of het werk past niet bij u. "
        "Dank u wel voor uw aanmelding. Kijk gerust naar andere vacatures."
    ),
    S.WITHDRAWN: _l("U heeft uw aanmelding ingetrokken."),
}


# --- vacancy details -------------------------------------------------------------------


@dataclass
class VacancyDetailsData:
    hours_per_week: int | None = None
    starts_on: date | None = None
    ends_on: date | None = None
    needs_vog: bool = False
    training: str | None = None
    accessibility: str | None = None
    suits_newcomers: bool = False


def _apply_details(details: VacancyDetails, data: VacancyDetailsData) -> None:
    details.hours_per_week = data.hours_per_week
    details.starts_on = data.starts_on
    details.ends_on = data.ends_on
    details.needs_vog = data.needs_vog
    details.training = (data.training or "").strip() or None
    details.accessibility = (data.accessibility or "").strip() or None
    details.suits_newcomers = data.suits_newcomers


def create_vacancy(
    session: Session,
    author: User,
    organisation: Organisation,
    posting_data: PostingData,
    details_data: VacancyDetailsData,
) -> Posting:
    """A vacancy (a posting of kind "vacancy", pending moderation) with its details.

    Raises PermissionDenied (not staff), and whatever ``create_posting`` raises.
    """
    if not staff_of(session, author, organisation.id):
        raise PermissionDenied("only staff post vacancies")
    posting = create_posting(session, author=author, data=posting_data, organisation=organisation)
    details = VacancyDetails(posting_id=posting.id)
    _apply_details(details, details_data)
    session.add(details)
    session.flush()
    return posting


def vacancy_details(session: Session, posting: Posting) -> VacancyDetails | None:
    """The details of a vacancy for its detail page; None for other postings."""
    if posting.kind != PostingKind.VACANCY:
        return None
    return session.get(VacancyDetails, posting.id)


def update_vacancy_details(
    session: Session, actor: User, posting: Posting, data: VacancyDetailsData
) -> VacancyDetails:
    """Staff of the posting's organisation change the vacancy's details. Raises
    PermissionDenied."""
    if (
        posting.kind != PostingKind.VACANCY
        or posting.organisation is None
        or not staff_of(session, actor, posting.organisation_id)
    ):
        raise PermissionDenied("only staff change vacancy details")
    details = session.get(VacancyDetails, posting.id)
    if details is None:
        details = VacancyDetails(posting_id=posting.id)
        session.add(details)
    _apply_details(details, data)
    record_audit(session, actor, "vacancy.edit_details", posting)
    session.flush()
    return details


def narrow_vacancies(query: Select[Posting], filters: VacancyFilters) -> Select[Posting]:
    """The browse query (already only vacancies) narrowed on the vacancies' details: VOG,
    hours a week and suitable for newcomers. Vacancies without details have no VOG, no
    hours given and are not marked for newcomers."""
    details = select(VacancyDetails.posting_id)
    if filters.needs_vog is True:
        query = query.where(Posting.id.in_(details.where(VacancyDetails.needs_vog.is_(True))))
    elif filters.needs_vog is False:
        query = query.where(Posting.id.not_in(details.where(VacancyDetails.needs_vog.is_(True))))
    if filters.max_hours is not None:
        query = query.where(
            Posting.id.in_(details.where(VacancyDetails.hours_per_week <= filters.max_hours))
        )
    if filters.suits_newcomers:
        query = query.where(Posting.id.in_(details.where(VacancyDetails.suits_newcomers.is_(True))))
    return query


# --- applications ----------------------------------------------------------------------


def _new_application(response: Response) -> Application:
    status = {
        ResponseStatus.ACCEPTED: S.PLACED,
        ResponseStatus.WITHDRAWN: S.WITHDRAWN,
        ResponseStatus.DECLINED: S.NOT_SUITABLE,
    }.get(ResponseStatus(response.status), S.NEW)
    now = utcnow()
    return Application(
        response=response,
        status=status,
        created_at=response.created_at or now,
        status_changed_at=now,
        placed_at=(response.decided_at or now) if status == S.PLACED else None,
    )


def application_for_response(session: Session, response: Response) -> Application | None:
    """The response's application, made now if it has none; None unless it is for a vacancy.

    The responses feature can call this right after ``respond_to_posting``.
    """
    if response.posting.kind != PostingKind.VACANCY:
        return None
    application = session.scalar(select(Application).where(Application.response_id == response.id))
    if application is None:
        application = _new_application(response)
        session.add(application)
        session.flush()
    return application


def place_accepted(session: Session, response: Response) -> None:
    """A vacancy response accepted in the conversation places its application, so the
    pipeline, the list of volunteers and the figures say the same as the conversation.
    The volunteer was told by the acceptance already."""
    application = application_for_response(session, response)
    if application is not None and S.PLACED in STAFF_TRANSITIONS[S(application.status)]:
        _set_status(application, S.PLACED)
        session.flush()


def ensure_applications(session: Session, posting: Posting) -> None:
    """Give every response to ``posting`` its application (for responses made before)."""
    missing = session.scalars(
        select(Response)
        .outerjoin(Application, Application.response_id == Response.id)
        .where(Response.posting_id == posting.id, Application.id.is_(None))
    ).all()
    for response in missing:
        session.add(_new_application(response))
    if missing:
        session.flush()


def applications_query(posting: Posting, status: str | None = None) -> Select[Application]:
    """The vacancy's applications, oldest first, with the volunteers' profiles."""
    query = (
        select(Application)
        .join(Application.response)
        .options(
            joinedload(Application.response).joinedload(Response.responder).joinedload(User.profile)
        )
        .where(Response.posting_id == posting.id)
    )
    if status:
        query = query.where(Application.status == status)
    return query.order_by(Response.created_at, Application.id)


@dataclass(frozen=True)
class BoardColumn:
    status: str
    label: Any
    applications: list[Application]


def board(session: Session, posting: Posting) -> list[BoardColumn]:
    """One column per status, in pipeline order."""
    applications = session.scalars(applications_query(posting)).unique().all()
    return [
        BoardColumn(
            status=str(status),
            label=STATUS_LABELS[status],
            applications=[a for a in applications if a.status == status],
        )
        for status in BOARD_ORDER
    ]


def application_for_staff(session: Session, application_id: int, viewer: Any) -> Application | None:
    """The application if ``viewer`` works for the organisation of its vacancy; else None."""
    application = session.get(Application, application_id)
    if application is None:
        return None
    posting = application.response.posting
    if posting.organisation is None or not staff_of(session, viewer, posting.organisation_id):
        return None
    return application


def _require_staff(session: Session, actor: User, application: Application) -> Organisation:
    organisation = application.response.posting.organisation
    if organisation is None or not staff_of(session, actor, organisation.id):
        raise PermissionDenied("only the organisation's staff")
    return organisation


def allowed_moves(application: Application) -> list[str]:
    """Statuses staff may move the application to, in pipeline order."""
    allowed = STAFF_TRANSITIONS[ApplicationStatus(application.status)]
    return [str(status) for status in BOARD_ORDER if status in allowed]


def _set_status(application: Application, status: ApplicationStatus) -> None:
    now = utcnow()
    application.status = status
    application.status_changed_at = now
    if status == S.PLACED:
        application.placed_at = now


def _tell_applicant(session: Session, application: Application) -> None:
    response = application.response
    notify(
        session,
        response.responder,
        NotificationKind.APPLICATION_STATUS,
        f"application_status:{application.id}:{application.status}:"
        f"{application.status_changed_at.isoformat()}",
        link_path=page_path("organisations.my_applications"),
        posting_title=response.posting.title,
        organisation_name=response.posting.organisation.name
        if response.posting.organisation
        else "",
        status_text=APPLICANT_STATUS_TEXT[ApplicationStatus(application.status)],
    )


def move_application(
    session: Session, actor: User, application: Application, status: str
) -> Application:
    """Staff move the application on the board; the volunteer is told in plain words.

    Raises PermissionDenied (not the organisation's staff), OrganisationNotApproved or
    TransitionNotAllowed.
    """
    check_may_send_mail(_require_staff(session, actor, application))
    try:
        target = ApplicationStatus(status)
    except ValueError:
        raise TransitionNotAllowed(status) from None
    current = ApplicationStatus(application.status)
    if target not in STAFF_TRANSITIONS[current]:
        raise TransitionNotAllowed(f"{current} -> {target}")
    _set_status(application, target)
    response = application.response
    if target == S.PLACED and response.status == ResponseStatus.PENDING:
        # Placed is a yes: the conversation says so too (the volunteer is told below).
        response.status = ResponseStatus.ACCEPTED
        response.decided_at = application.placed_at
    record_audit(
        session,
        actor,
        "application.move",
        application,
        previous_status=str(current),
        status=str(target),
    )
    session.flush()
    _tell_applicant(session, application)
    return application


def withdraw_application(session: Session, user: User, application: Application) -> Application:
    """The volunteer stops their application (or their volunteer work).

    Raises PermissionDenied (not their application) or TransitionNotAllowed.
    """
    if application.response.responder_id != user.id:
        raise PermissionDenied("only the volunteer withdraws")
    current = ApplicationStatus(application.status)
    if current not in WITHDRAWABLE:
        raise TransitionNotAllowed(f"{current} -> withdrawn")
    _set_status(application, S.WITHDRAWN)
    record_audit(
        session,
        user,
        "application.withdraw",
        application,
        previous_status=str(current),
        status=str(S.WITHDRAWN),
    )
    session.flush()
    return application


def add_note(session: Session, actor: User, application: Application, body: str) -> ApplicationNote:
    """A note for the organisation's staff. Raises PermissionDenied."""
    _require_staff(session, actor, application)
    note = ApplicationNote(
        application=application, author_id=actor.id, body=body.strip(), created_at=utcnow()
    )
    session.add(note)
    session.flush()
    return note


def notes_for_staff(
    session: Session, viewer: User, application: Application
) -> list[ApplicationNote]:
    """The notes, oldest first; only for the organisation's staff. Raises PermissionDenied."""
    _require_staff(session, viewer, application)
    return list(
        session.scalars(
            select(ApplicationNote)
            .options(joinedload(ApplicationNote.author).joinedload(User.profile))
            .where(ApplicationNote.application_id == application.id)
            .order_by(ApplicationNote.created_at, ApplicationNote.id)
        )
    )


# --- the volunteer's own applications --------------------------------------------------


@dataclass(frozen=True)
class MyApplication:
    application: Application
    posting: Posting
    organisation_name: str
    status_text: Any
    can_withdraw: bool
    reference: Reference | None


def my_applications(session: Session, user: User) -> list[MyApplication]:
    """``user``'s applications to vacancies, newest first, with a plain-language status.
    Makes missing applications (for responses from before the pipeline)."""
    responses = session.scalars(
        select(Response)
        .join(Response.posting)
        .options(joinedload(Response.posting).joinedload(Posting.organisation))
        .where(Response.responder_id == user.id, Posting.kind == PostingKind.VACANCY)
        .order_by(Response.created_at.desc(), Response.id.desc())
    ).all()
    result = []
    for response in responses:
        application = application_for_response(session, response)
        if application is None:  # pragma: no cover - filtered on kind above
            continue
        reference = session.scalar(
            select(Reference).where(Reference.application_id == application.id)
        )
        posting = response.posting
        result.append(
            MyApplication(
                application=application,
                posting=posting,
                organisation_name=posting.organisation.name if posting.organisation else "",
                status_text=APPLICANT_STATUS_TEXT[ApplicationStatus(application.status)],
                can_withdraw=application.status in WITHDRAWABLE,
                reference=reference,
            )
        )
    return result


def own_application(session: Session, user: Any, application_id: int) -> Application | None:
    """The application when it is ``user``'s own; None otherwise."""
    application = session.get(Application, application_id)
    if application is None or not getattr(user, "is_authenticated", False):
        return None
    if application.response.responder_id != user.id:
        return None
    return application


def applicant_status_text(session: Session, response: Response) -> Any | None:
    """For the conversation page: the plain-language status of a vacancy application."""
    if response.posting.kind != PostingKind.VACANCY:
        return None
    application = session.scalar(select(Application).where(Application.response_id == response.id))
    status = ApplicationStatus(application.status) if application else S.NEW
    return APPLICANT_STATUS_TEXT[status]


# --- placed volunteers: hours and references -------------------------------------------


@dataclass(frozen=True)
class PlacedVolunteer:
    application: Application
    name: str
    posting_title: str
    hours_total: Decimal


def placed_volunteers(session: Session, organisation: Organisation) -> list[PlacedVolunteer]:
    """Who volunteers with the organisation (placed applications), with their hours."""
    hours = (
        select(VolunteerHours.application_id, func.sum(VolunteerHours.hours).label("total"))
        .group_by(VolunteerHours.application_id)
        .subquery()
    )
    rows = session.execute(
        select(Application, hours.c.total)
        .join(Application.response)
        .join(Response.posting)
        .outerjoin(hours, hours.c.application_id == Application.id)
        .options(
            joinedload(Application.response)
            .joinedload(Response.responder)
            .joinedload(User.profile),
            joinedload(Application.response).joinedload(Response.posting),
        )
        .where(Posting.organisation_id == organisation.id, Application.status == S.PLACED)
        .order_by(Application.placed_at, Application.id)
    ).all()
    return [
        PlacedVolunteer(
            application=application,
            name=application.response.responder.display_name,
            posting_title=application.response.posting.title,
            hours_total=Decimal(total or 0),
        )
        for application, total in rows
    ]


def hours_for(session: Session, application: Application) -> list[VolunteerHours]:
    return list(
        session.scalars(
            select(VolunteerHours)
            .where(VolunteerHours.application_id == application.id)
            .order_by(VolunteerHours.worked_on.desc(), VolunteerHours.id.desc())
        )
    )


def _require_placed(application: Application) -> None:
    if application.status != S.PLACED:
        raise NotPlaced(application.id)


def record_hours(
    session: Session,
    actor: User,
    application: Application,
    worked_on: date,
    hours: Decimal,
    note: str | None = None,
) -> VolunteerHours:
    """Write down hours a placed volunteer worked. Raises PermissionDenied or NotPlaced."""
    _require_staff(session, actor, application)
    _require_placed(application)
    entry = VolunteerHours(
        application_id=application.id,
        worked_on=worked_on,
        hours=hours,
        note=(note or "").strip() or None,
        recorded_by_id=actor.id,
        created_at=utcnow(),
    )
    session.add(entry)
    session.flush()
    return entry


def reference_for(session: Session, application: Application) -> Reference | None:
    return session.scalar(select(Reference).where(Reference.application_id == application.id))


def write_reference(
    session: Session, actor: User, application: Application, body: str
) -> Reference:
    """Write (or rewrite) the reference for a placed volunteer and tell them. It stays off
    their profile until they choose to show it. Raises PermissionDenied, NotPlaced or
    OrganisationNotApproved."""
    check_may_send_mail(_require_staff(session, actor, application))
    _require_placed(application)
    reference = reference_for(session, application)
    now = utcnow()
    if reference is None:
        reference = Reference(application=application, created_at=now, is_shown=False)
        session.add(reference)
    reference.body = body.strip()
    reference.author_id = actor.id
    reference.updated_at = now
    session.flush()
    posting = application.response.posting
    notify(
        session,
        application.response.responder,
        NotificationKind.REFERENCE_WRITTEN,
        f"reference_written:{reference.id}:{now.isoformat()}",
        link_path=page_path("organisations.my_applications"),
        organisation_name=posting.organisation.name if posting.organisation else "",
    )
    return reference


def set_reference_shown(session: Session, user: User, reference: Reference, shown: bool) -> None:
    """The volunteer shows or hides a reference on their public profile. Raises
    PermissionDenied (not their reference)."""
    if reference.application.response.responder_id != user.id:
        raise PermissionDenied("only the volunteer decides")
    reference.is_shown = shown
    session.flush()


@dataclass(frozen=True)
class ShownReference:
    organisation_name: str
    organisation_slug: str
    body: str
    written_on: date


def shown_references(session: Session, user_id: int) -> list[ShownReference]:
    """References ``user_id`` chose to show on their profile, newest first."""
    rows = session.scalars(
        select(Reference)
        .join(Reference.application)
        .join(Application.response)
        .join(Response.posting)
        .options(
            joinedload(Reference.application)
            .joinedload(Application.response)
            .joinedload(Response.posting)
            .joinedload(Posting.organisation)
        )
        .where(Response.responder_id == user_id, Reference.is_shown.is_(True))
        .order_by(Reference.updated_at.desc(), Reference.id.desc())
    ).all()
    result = []
    for reference in rows:
        organisation = reference.application.response.posting.organisation
        if organisation is None or not organisation.is_approved:
            continue
        result.append(
            ShownReference(
                organisation_name=organisation.name,
                organisation_slug=organisation.slug,
                body=reference.body,
                written_on=reference.updated_at.date(),
            )
        )
    return result


# --- export ----------------------------------------------------------------------------

CSV_HEADER = [
    _l("Vacature"),
    _l("Naam"),
    _l("E-mailadres"),
    _l("Telefoon"),
    _l("Aangemeld op"),
    _l("Status"),
    _l("Status sinds"),
    _l("Geplaatst op"),
    _l("Uren"),
]


def _cell(value: object) -> str:
    """Text for a spreadsheet cell; a leading = + - @ would start a formula in Excel."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def export_csv(session: Session, actor: User, organisation: Organisation) -> str:
    """All applications to the organisation's vacancies as CSV for Excel: UTF-8 with a BOM,
    ";" between fields. E-mail and phone only of volunteers who were placed or accepted.
    Raises PermissionDenied (not the organisation's staff)."""
    if not staff_of(session, actor, organisation.id):
        raise PermissionDenied("only the organisation's staff export")
    for posting in session.scalars(
        select(Posting).where(
            Posting.organisation_id == organisation.id, Posting.kind == PostingKind.VACANCY
        )
    ):
        ensure_applications(session, posting)
    hours = dict(
        session.execute(
            select(VolunteerHours.application_id, func.sum(VolunteerHours.hours)).group_by(
                VolunteerHours.application_id
            )
        ).all()
    )
    applications: Sequence[Application] = (
        session.scalars(
            select(Application)
            .join(Application.response)
            .join(Response.posting)
            .options(
                joinedload(Application.response)
                .joinedload(Response.responder)
                .joinedload(User.profile)
            )
            .where(Posting.organisation_id == organisation.id)
            .order_by(Posting.title, Response.created_at, Application.id)
        )
        .unique()
        .all()
    )
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([str(label) for label in CSV_HEADER])
    for application in applications:
        response = application.response
        person = response.responder
        may_contact = application.status == S.PLACED or response.status == ResponseStatus.ACCEPTED
        total = hours.get(application.id)
        writer.writerow(
            [
                _cell(response.posting.title),
                _cell(person.display_name),
                _cell(person.email if may_contact else ""),
                _cell(person.profile.phone if may_contact and person.profile else ""),
                response.created_at.date().isoformat(),
                str(STATUS_LABELS[ApplicationStatus(application.status)]),
                application.status_changed_at.date().isoformat(),
                application.placed_at.date().isoformat() if application.placed_at else "",
                str(total).replace(".", ",") if total is not None else "",
            ]
        )
    return out.getvalue()
