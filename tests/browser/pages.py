"""Every page type, who sees it, and how to reach it with the people and things in ``world``.

A page added to the app but not listed here is still checked by
``test_pages_not_listed_here_are_checked_too`` (with guessed arguments); list it here to
check it as the right people, in both languages and with its form errors shown.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from tests.browser.conftest import World

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
    PageType("list", "postings.index", ("anonymous", "volunteer")),
    PageType(
        "list-filtered",
        "postings.index",
        ("anonymous",),
        query={"q": "boodschappen", "kind": "request", "postcode": "3011", "km": "5"},
    ),
    PageType("list-bad-filters", "postings.index", ("anonymous",), query={"postcode": "xx"}),
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
    PageType("for-you", "matching.for_you", ("volunteer",)),
    PageType("notifications", "notifications.index", ("resident",)),
    PageType("profile", "profiles.edit", ("resident", "volunteer"), form=True),
    PageType("notification-settings", "profiles.notification_settings", ("resident",)),
    PageType(
        "public-profile",
        "profiles.show",
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
    PageType("dashboard", "dashboard.index", ("municipality", "admin")),
    PageType("admin-users", "admin.users", ("admin",), query={"q": "buur"}),
    PageType(
        "admin-user", "admin.user", ("admin",), lambda w: {"user_id": w.users["volunteer"].id}
    ),
    PageType("sent-emails-demo", "pages.mail_files", ("anonymous",)),
]

# Pages no browser test opens directly: redirects, actions, files, and the demo mail viewer.
NOT_PAGES = {
    "static",
    "short_link",
    "map.points",
    "dashboard.export",
    "organisations.export",
    "organisations.logo",
    "pages.set_language",
    "pages.mail_file",
    "accounts.confirm_email",
    "notifications.open",
}

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
