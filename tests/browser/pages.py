"""Every page type, who sees it, and how to reach it with the people and things in ``world``.

A page added to the app but not listed here is still checked by
``test_pages_not_listed_here_are_checked_too`` (with guessed arguments); list it here to
check it as the right people, in both languages and with its form errors shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from marketplace.extensions import db
from marketplace.signals.models import Signal, SignalArea
from marketplace.signals.status_links import status_token
from tests.browser.agenda_pages import agenda_pages
from tests.browser.carers_pages import carers_pages
from tests.browser.conftest import World
from tests.browser.home_visit_pages import home_visit_pages
from tests.browser.lasting_contact_pages import lasting_contact_pages
from tests.browser.matchmaking_pages import matchmaking_pages
from tests.browser.sociale_kaart_pages import sociale_kaart_pages

Args = Callable[[World], dict[str, Any]]


def _none(world: World) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class PageType:
    name: str
    endpoint: str
    roles: tuple[str, ...]
    args: Args = _none
    query: dict[str, str] = field(default_factory=dict)
    # Also check the page after sending its form empty (expects 422 and the error summary).
    form: bool = False
    # JavaScript run after emptying the form, for forms that accept an empty answer.
    invalid_input: str = ""


PAGES = [
    PageType("home", "pages.home", ("anonymous", "resident")),
    PageType("about", "pages.about", ("anonymous",)),
    PageType("privacy-statement", "privacy.statement", ("anonymous", "resident")),
    PageType("list", "postings.index", ("anonymous", "volunteer")),
    PageType(
        "list-filtered",
        "postings.index",
        ("anonymous",),
        query={"q": "boodschappen", "kind": "request", "postcode": "3011", "km": "5"},
    ),
    PageType("list-bad-filters", "postings.index", ("anonymous",), query={"postcode": "xx"}),
    PageType(
        "list-wijk-vacancies",
        "postings.index",
        ("volunteer",),
        query={"wijk": "Stadsdriehoek", "vog": "nee", "hours": "4", "newcomers": "y"},
    ),
    PageType(
        "detail",
        "postings.detail",
        ("anonymous", "resident", "volunteer"),
        lambda w: {"posting_id": w.request.id},
    ),
    PageType(
        "detail-offer", "postings.detail", ("resident",), lambda w: {"posting_id": w.offer.id}
    ),
    PageType(
        "detail-vacancy", "postings.detail", ("volunteer",), lambda w: {"posting_id": w.vacancy.id}
    ),
    PageType("map", "map.index", ("anonymous", "resident")),
    PageType("map-wijk", "map.index", ("anonymous",), query={"wijk": "Stadsdriehoek"}),
    PageType(
        "print-posting",
        "postings.print_posting",
        ("anonymous",),
        lambda w: {"posting_id": w.request.id},
    ),
    # Asking for help, one thing per page: what, where, when, then check your answers.
    PageType("ask-step-what-new", "posting_steps.start", ("resident",), form=True),
    PageType(
        "offer-step-what-new",
        "posting_steps.start",
        ("volunteer",),
        query={"kind": "offer"},
        form=True,
    ),
    PageType(
        "ask-step-what",
        "posting_steps.what",
        ("resident",),
        lambda w: {"draft_id": w.draft.id},
        form=True,
    ),
    PageType(
        "ask-step-where",
        "posting_steps.where",
        ("resident",),
        lambda w: {"draft_id": w.draft.id},
        form=True,
    ),
    PageType(
        "ask-step-when",
        "posting_steps.when",
        ("resident",),
        lambda w: {"draft_id": w.draft.id},
        form=True,
        # "once", without a date
        invalid_input="document.querySelector('input[name=timing][value=once]').checked = true",
    ),
    PageType(
        "ask-step-check", "posting_steps.check", ("resident",), lambda w: {"draft_id": w.draft.id}
    ),
    PageType("new-request", "postings.new", ("resident",), query={"kind": "request"}, form=True),
    PageType(
        "edit-posting",
        "postings.edit",
        ("resident",),
        lambda w: {"posting_id": w.pending.id},
        form=True,
    ),
    PageType("my-postings", "postings.mine", ("resident",)),
    PageType(
        "respond", "responses.new", ("staff",), lambda w: {"posting_id": w.request.id}, form=True
    ),
    PageType("inbox", "responses.inbox", ("resident", "volunteer")),
    PageType(
        "conversation",
        "responses.conversation",
        ("resident", "volunteer"),
        lambda w: {"response_id": w.conversation.id},
        form=True,
    ),
    PageType(
        "withdraw-response",
        "responses.withdraw",
        ("volunteer",),
        lambda w: {"response_id": w.conversation.id},
        form=True,
        # the reason is optional: too long is what gets an error
        invalid_input="document.querySelector('textarea[name=reason]').value = 'x'.repeat(400)",
    ),
    PageType(
        "thank",
        "responses.thank",
        ("resident", "volunteer"),
        lambda w: {"response_id": w.done.id},
        form=True,
    ),
    PageType(
        "block-contact",
        "accounts.block_person",
        ("resident",),
        lambda w: {"user_id": w.users["volunteer"].id},
    ),
    PageType("blocked-people", "accounts.blocked_people", ("resident", "volunteer")),
    PageType("for-you", "matching.for_you", ("volunteer",)),
    PageType("notifications", "notifications.index", ("resident",)),
    PageType("profile", "profiles.edit", ("resident", "volunteer"), form=True),
    PageType("notification-settings", "profiles.notification_settings", ("resident",)),
    # The first questions after making an account (issue 12).
    PageType("contact-questions", "profiles.contact", ("newcomer",), form=True),
    PageType("volunteer-questions", "profiles.helping", ("newcomer",), form=True),
    PageType("volunteer-intro", "pages.volunteer", ("anonymous",)),
    PageType("ask-step-what-guest", "posting_steps.start", ("anonymous",), form=True),
    PageType(
        "public-profile",
        "accounts.person",
        ("resident",),
        lambda w: {"user_id": w.users["volunteer"].id},
    ),
    PageType("log-in", "accounts.login", ("anonymous",), form=True),
    PageType("register", "accounts.register", ("anonymous",), form=True),
    PageType("forgot-password", "accounts.forgot_password", ("anonymous",), form=True),
    PageType(
        "reset-password",
        "accounts.reset_password",
        ("anonymous",),
        lambda w: {"token": w.reset_token()},
        form=True,
    ),
    PageType("change-password", "accounts.change_password", ("resident",), form=True),
    PageType("confirm-email", "accounts.confirmation_needed", ("newcomer",)),
    PageType(
        "report-posting",
        "moderation.report_posting",
        ("resident",),
        lambda w: {"posting_id": w.offer.id},
        form=True,
    ),
    PageType(
        "report-person",
        "moderation.report_user",
        ("resident",),
        lambda w: {"user_id": w.users["volunteer"].id},
        form=True,
    ),
    PageType(
        "report-message",
        "moderation.report_message",
        ("resident",),
        lambda w: {"message_id": w.message.id},
        form=True,
    ),
    PageType("moderation-queue", "moderation.queue", ("moderator", "admin")),
    PageType(
        "moderation-review",
        "moderation.review",
        ("moderator",),
        lambda w: {"posting_id": w.pending.id},
    ),
    PageType("reports", "moderation.reports", ("moderator",)),
    PageType(
        "resolve-report",
        "moderation.resolve_report",
        ("moderator",),
        lambda w: {"report_id": w.report_id},
    ),
    PageType(
        "block-person",
        "moderation.block_user",
        ("moderator",),
        lambda w: {"user_id": w.users["volunteer"].id},
        form=True,
    ),
    PageType("audit-log", "moderation.audit", ("admin",)),
    PageType("organisations", "organisations.index", ("anonymous",)),
    PageType(
        "organisation",
        "organisations.show",
        ("anonymous", "staff"),
        lambda w: {"slug": w.organisation.slug},
    ),
    PageType("register-organisation", "organisations.new", ("resident",), form=True),
    PageType("my-organisation", "organisations.mine", ("staff",)),
    PageType(
        "manage-organisation",
        "organisations.manage",
        ("staff",),
        lambda w: {"organisation_id": w.organisation.id},
    ),
    PageType(
        "organisation-figures",
        "organisations.figures",
        ("staff",),
        lambda w: {"organisation_id": w.organisation.id},
    ),
    PageType(
        "new-vacancy",
        "organisations.new_vacancy",
        ("staff",),
        lambda w: {"organisation_id": w.organisation.id},
        form=True,
    ),
    PageType(
        "applicants", "organisations.applicants", ("staff",), lambda w: {"posting_id": w.vacancy.id}
    ),
    PageType("organisations-to-approve", "organisations.pending", ("admin",)),
    PageType(
        "reject-organisation",
        "organisations.reject",
        ("admin",),
        lambda w: {"organisation_id": w.pending_organisation.id},
        form=True,
    ),
    PageType("my-applications", "organisations.my_applications", ("volunteer",)),
    PageType("my-hours", "organisations.my_hours", ("volunteer",)),
    PageType("volunteer-statement", "organisations.statement", ("volunteer",)),
    PageType("dashboard", "dashboard.index", ("municipality", "admin")),
    PageType("admin-users", "admin.users", ("admin",), query={"q": "buur"}),
    PageType(
        "admin-user", "admin.user", ("admin",), lambda w: {"user_id": w.users["volunteer"].id}
    ),
    PageType("sent-emails-demo", "pages.mail_files", ("anonymous",)),
    PageType("my-data", "my_data.overview", ("resident", "volunteer")),
    PageType("erase-account", "my_data.erase", ("resident",), form=True),
    PageType(
        "admin-erase",
        "my_data.admin_erase",
        ("admin",),
        lambda w: {"user_id": w.users["volunteer"].id},
        form=True,
    ),
    # Concern signals: making one (steps; one page for staff), the reporter's status, the
    # queue and a signal for the organisation's coordinator, the helpdesk's list.
    PageType("signal-report", "signals.report", ("anonymous", "resident"), form=True),
    PageType("signal-report-staff", "signals.report_staff", ("staff", "moderator"), form=True),
    PageType("signal-received", "signals.received", ("anonymous",)),
    PageType("signal-status", "signals.status", ("anonymous",), lambda w: {"token": _token(w)}),
    PageType("signals-mine", "signals.mine", ("resident",)),
    PageType("signals-index", "signals.index", ("moderator",)),
    PageType(
        "signal-queue",
        "signals.queue",
        ("staff",),
        lambda w: {"organisation_id": _signal(w).organisation_ids[0]},
    ),
    PageType(
        "signal-queue-closed",
        "signals.closed",
        ("staff",),
        lambda w: {"organisation_id": w.organisation.id},
    ),
    PageType("signal-helpdesk", "signals.helpdesk", ("moderator",)),
    PageType("signal-detail", "signals.detail", ("staff",), lambda w: {"signal_id": _signal(w).id}),
    PageType(
        "signal-for-person-concerned",
        "signals.for_person_concerned",
        ("staff",),
        lambda w: {"signal_id": _signal(w).id},
    ),
    PageType(
        "signal-settings",
        "signals.settings",
        ("staff",),
        lambda w: {"organisation_id": w.organisation.id},
    ),
    # Wijkagenda: the week and month lists, an activity, organising, the moderators' queue.
    PageType("agenda", "agenda.index", ("anonymous", "resident"), query={"wijk": "Stadsdriehoek"}),
    PageType(
        "agenda-filtered",
        "agenda.index",
        ("volunteer",),
        query={"periode": "morgen", "gratis": "1", "postcode": "3011", "km": "5"},
    ),
    PageType("agenda-bad-postcode", "agenda.index", ("resident",), query={"postcode": "xx"}),
    PageType("agenda-month", "agenda.month", ("anonymous", "resident")),
    PageType(
        "agenda-activity",
        "agenda.detail",
        ("anonymous", "resident", "staff"),
        lambda w: _activity(w),
    ),
    PageType("agenda-new", "agenda.new", ("resident", "staff"), form=True),
    PageType("agenda-edit", "agenda.edit", ("staff",), lambda w: _activity(w)),
    PageType("agenda-signups", "agenda.signups", ("staff",), lambda w: _activity(w)),
    PageType("agenda-mine", "agenda.mine", ("resident", "staff")),
    PageType("agenda-subscribe", "agenda.subscribe", ("resident",)),
    PageType(
        "agenda-poster",
        "agenda.poster",
        ("anonymous", "staff"),
        lambda w: {"wijk": "Stadsdriehoek"},
    ),
    PageType("agenda-queue", "agenda.queue", ("moderator",)),
    PageType(
        "agenda-reject", "agenda.reject", ("moderator",), lambda w: _pending_activity(w), form=True
    ),
]


def _activity(world: World) -> dict[str, Any]:
    """The world's organisation's weekly coffee morning, made on first use."""
    from marketplace.agenda.models import Activity
    from tests.agenda.factories import activity_values

    found = db.session.scalar(
        select(Activity).where(Activity.organisation_id.is_not(None)).order_by(Activity.id)
    )
    if found is None:
        from marketplace.agenda.services import create_activity

        staff = world.users["staff"]
        found = create_activity(db.session, staff, activity_values(), world.organisation.id)
        db.session.commit()
    return {"activity_id": found.id}


def _pending_activity(world: World) -> dict[str, Any]:
    """A resident's activity waiting for the moderator, made on first use."""
    from marketplace.agenda.models import Activity
    from marketplace.agenda.services import create_activity
    from tests.agenda.factories import activity_values

    found = db.session.scalar(
        select(Activity).where(Activity.organisation_id.is_(None)).order_by(Activity.id)
    )
    if found is None:
        found = create_activity(db.session, world.users["resident"], activity_values(), None)
        db.session.commit()
    return {"activity_id": found.id}


def _signal(world: World) -> Signal:
    """A signal for the world's organisation (its coordinator is "staff"), made on first use."""
    from tests.signals.factories import make_signal

    found = db.session.scalar(select(Signal).order_by(Signal.id))
    if found is not None:
        return found
    db.session.add(SignalArea(organisation_id=world.organisation.id, wijk="Stadsdriehoek"))
    db.session.commit()
    return make_signal()


def _token(world: World) -> str:
    return status_token(_signal(world)) or ""


# Pages no browser test opens directly: redirects, actions, files, and the demo mail viewer.
NOT_PAGES = {
    "static",
    # The sociale kaart's HSDS API and downloads (JSON, zip), and a redirect.
    "sociale_kaart.api_services",
    "sociale_kaart.api_service",
    "sociale_kaart.export_package_zip",
    "sociale_kaart.export_package_json",
    "sociale_kaart.manage",
    "short_link",
    "map.points",
    "dashboard.export",
    "organisations.export",
    "organisations.logo",
    "pages.set_language",
    "pages.set_text_size",
    "pages.mail_file",
    "accounts.confirm_email",
    "notifications.open",
    "my_data.download",
    "posting_steps.resume",  # a redirect to step 2 or 3 of the draft, checked there
    "agenda_short_link",  # a redirect to the wijk's agenda
    "agenda.wijk_calendar",  # iCalendar files
    "agenda.my_calendar",
    "agenda.photo",  # an image
}

PAGES += home_visit_pages(PageType)
PAGES += sociale_kaart_pages(PageType)
PAGES += agenda_pages(PageType)
PAGES += carers_pages(PageType)
PAGES += lasting_contact_pages(PageType)
PAGES += matchmaking_pages(PageType)

# Guesses for pages not listed above: URL arguments by name.
GUESSED_ARGS: dict[str, Callable[[World], Any]] = {
    "posting_id": lambda w: w.request.id,
    "response_id": lambda w: w.conversation.id,
    "user_id": lambda w: w.users["volunteer"].id,
    "organisation_id": lambda w: w.organisation.id,
    "slug": lambda w: w.organisation.slug,
    "report_id": lambda w: w.report_id,
    "message_id": lambda w: w.message.id,
    "suggestion_id": lambda w: w.suggestion_id,
    "notification_id": lambda w: w.notification_id,
    "token": lambda w: w.reset_token(),
    "draft_id": lambda w: w.draft.id,
    "application_id": lambda w: 1,
    "client_id": lambda w: 1,
    "invitation_id": lambda w: 1,
    "filename": lambda w: "logo.png",
}


def cases() -> list[tuple[PageType, str]]:
    return [(page, role) for page in PAGES for role in page.roles]


def case_id(case: tuple[PageType, str]) -> str:
    page, role = case
    return f"{page.name}-as-{role}"
