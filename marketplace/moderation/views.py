"""Moderation pages (/moderatie/...) and the report forms everyone uses (/melden/...)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace.accounts.models import Role, User
from marketplace.accounts.permissions import role_required
from marketplace.domain_errors import DomainError
from marketplace.errors import PageResult, Refusal, attempt
from marketplace.extensions import db
from marketplace.moderation import services
from marketplace.moderation.errors import (
    AlreadyBlocked,
    AlreadyReported,
    AuthorBlocked,
    CannotBlockUser,
    CannotReportYourself,
    NotBlocked,
    OwnPosting,
    PostingNotPending,
    PostingNotPublic,
    ReportAlreadyResolved,
)
from marketplace.moderation.forms import (
    AUDIT_ACTION_LABELS,
    AuditFilterForm,
    BlockForm,
    ConfirmForm,
    HideForm,
    RejectForm,
    ReportForm,
    ResolveReportForm,
)
from marketplace.moderation.models import Report
from marketplace.pagination import paginate
from marketplace.postings.models import Posting
from marketplace.rate_limits import over_limit
from marketplace.safe_redirect import safe_next_url

# No url_prefix: moderators work under /moderatie, everyone reports under /melden.
bp = Blueprint("moderation", __name__)


# --- the queue and reviewing postings ------------------------------------------------------


@bp.get("/moderatie/")
@role_required(Role.MODERATOR)
def queue() -> str:
    page = paginate(services.pending_postings_query())
    return render_template(
        "moderation/queue.html",
        page=page,
        open_reports=services.count_open_reports(db.session),
    )


def _render_review(
    posting: Posting,
    status: int = 200,
    *,
    reject_form: RejectForm | None = None,
    hide_form: HideForm | None = None,
    block_form: BlockForm | None = None,
) -> tuple[str, int]:
    return (
        render_template(
            "moderation/review.html",
            posting=posting,
            author=services.author_facts(db.session, posting),
            is_own=services.is_own_posting(current_user, posting),
            reject_form=reject_form or RejectForm(formdata=None),
            hide_form=hide_form or HideForm(formdata=None),
            block_form=block_form or BlockForm(formdata=None),
        ),
        status,
    )


@bp.get("/moderatie/oproepen/<int:posting_id>")
@role_required(Role.MODERATOR)
def review(posting_id: int) -> PageResult:
    return _render_review(db.get_or_404(Posting, posting_id))


def _decide(
    posting: Posting,
    action: Callable[[], object],
    success: str,
    refusals: Mapping[type[DomainError], Refusal] | None = None,
) -> WerkzeugResponse:
    """Approve and reject: back to the queue when done, to the posting when refused. Both
    refuse for the same two reasons, said the same way."""
    if attempt(
        action,
        success,
        {
            OwnPosting: (
                _("U kunt uw eigen oproep niet controleren. Een andere moderator doet dit."),
                "error",
            ),
            PostingNotPending: (
                _("Deze oproep wacht niet meer op controle. Een andere moderator was u voor."),
                "info",
            ),
            **(refusals or {}),
        },
    ):
        return redirect(url_for("moderation.queue"))
    return redirect(url_for("moderation.review", posting_id=posting.id))


@bp.post("/moderatie/oproepen/<int:posting_id>/goedkeuren")
@role_required(Role.MODERATOR)
def approve(posting_id: int) -> PageResult:
    posting = db.get_or_404(Posting, posting_id)  # CSRFProtect checks the token of every POST
    return _decide(
        posting,
        lambda: services.approve_posting(db.session, current_user, posting),
        _("De oproep „%(title)s” staat nu online.", title=posting.title),
        {
            AuthorBlocked: (
                _("De schrijver is geblokkeerd. Wijs de oproep af, of hef eerst de blokkade op."),
                "error",
            ),
        },
    )


@bp.post("/moderatie/oproepen/<int:posting_id>/afwijzen")
@role_required(Role.MODERATOR)
def reject(posting_id: int) -> PageResult:
    posting = db.get_or_404(Posting, posting_id)
    form = RejectForm()
    if not form.validate_on_submit():
        return _render_review(posting, 422, reject_form=form)
    return _decide(
        posting,
        lambda: services.reject_posting(
            db.session, current_user, posting, form.rejection_reason.data
        ),
        _("De oproep is afgewezen. De schrijver krijgt uw reden te lezen."),
    )


@bp.post("/moderatie/oproepen/<int:posting_id>/verbergen")
@role_required(Role.MODERATOR)
def hide(posting_id: int) -> PageResult:
    posting = db.get_or_404(Posting, posting_id)
    form = HideForm()
    if not form.validate_on_submit():
        return _render_review(posting, 422, hide_form=form)
    attempt(
        lambda: services.hide_posting(db.session, current_user, posting, form.hide_reason.data),
        _("De oproep is verborgen. De schrijver krijgt uw reden te lezen."),
        {
            OwnPosting: (
                _("U kunt uw eigen oproep niet verbergen. Vraag een andere moderator."),
                "error",
            ),
            PostingNotPublic: (
                _("Deze oproep is niet zichtbaar voor anderen, dus verbergen is niet nodig."),
                "info",
            ),
        },
    )
    return redirect(_back(form.next.data, "moderation.review", posting_id=posting.id))


# --- blocking people -----------------------------------------------------------------------


def _render_block_page(
    user: User, status: int = 200, block_form: BlockForm | None = None
) -> tuple[str, int]:
    return (
        render_template(
            "moderation/block_user.html",
            user=user,
            block_form=block_form or BlockForm(formdata=None),
        ),
        status,
    )


@bp.route("/moderatie/gebruikers/<int:user_id>/blokkeren", methods=["GET", "POST"])
@role_required(Role.MODERATOR)
def block_user(user_id: int) -> PageResult:
    user = db.get_or_404(User, user_id)
    if request.method == "GET":
        return _render_block_page(user)
    form = BlockForm()
    if not form.validate_on_submit():
        return _render_block_page(user, 422, form)
    attempt(
        lambda: services.block_user(db.session, current_user, user, form.block_reason.data),
        _("%(name)s is geblokkeerd. Zijn of haar oproepen zijn verborgen.", name=user.display_name),
        {
            CannotBlockUser: (_("U kunt uzelf of een beheerder niet blokkeren."), "error"),
            AlreadyBlocked: (_("Deze persoon is al geblokkeerd."), "info"),
        },
    )
    return redirect(_back(form.next.data, "moderation.block_user", user_id=user.id))


@bp.post("/moderatie/gebruikers/<int:user_id>/deblokkeren")
@role_required(Role.MODERATOR)
def unblock_user(user_id: int) -> PageResult:
    user = db.get_or_404(User, user_id)
    form = ConfirmForm()  # only the way back; CSRFProtect checks the token of every POST
    attempt(
        lambda: services.unblock_user(db.session, current_user, user),
        _(
            "De blokkade van %(name)s is opgeheven. Verborgen oproepen blijven verborgen.",
            name=user.display_name,
        ),
        {NotBlocked: (_("Deze persoon is niet geblokkeerd."), "info")},
    )
    return redirect(_back(form.next.data, "moderation.block_user", user_id=user.id))


def _back(next_url: str | None, endpoint: str, **values: Any) -> str:
    """Where a form said it came from (only paths on this site), else ``endpoint``."""
    if next_url and safe_next_url(next_url) == next_url:
        return next_url
    return url_for(endpoint, **values)


# --- reports: the moderators' side ---------------------------------------------------------


@bp.get("/moderatie/meldingen")
@role_required(Role.MODERATOR)
def reports() -> str:
    page = paginate(services.open_reports_query())
    resolve_forms = {
        report.id: ResolveReportForm.for_report(report.id, formdata=None) for report in page.items
    }
    return render_template("moderation/reports.html", page=page, resolve_forms=resolve_forms)


@bp.route("/moderatie/meldingen/<int:report_id>/afhandelen", methods=["GET", "POST"])
@role_required(Role.MODERATOR)
def resolve_report(report_id: int) -> PageResult:
    report = db.get_or_404(Report, report_id)
    form = ResolveReportForm.for_report(report.id)
    if not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        return render_template("moderation/resolve_report.html", report=report, form=form), status
    attempt(
        lambda: services.resolve_report(db.session, current_user, report, form.resolution.data),
        _("De klacht is afgehandeld."),
        {
            OwnPosting: (
                _("Deze klacht gaat over uzelf. Laat een andere moderator haar afhandelen."),
                "error",
            ),
            ReportAlreadyResolved: (
                _("Deze klacht is al afgehandeld door een andere moderator."),
                "info",
            ),
        },
    )
    return redirect(url_for("moderation.reports"))


# --- the audit trail -----------------------------------------------------------------------


@bp.get("/moderatie/logboek")
@role_required(Role.ADMIN)
def audit() -> str:
    form = AuditFilterForm(request.args)
    form.validate()  # a wrong filter is shown as an error and left out, never a 500
    action = form.action.data if form.action.data in AUDIT_ACTION_LABELS else None
    actor = form.actor.data if form.actor.data and not form.actor.errors else None
    page = paginate(services.audit_events_query(action=action, actor_email=actor))
    return render_template(
        "moderation/audit.html", page=page, form=form, action_labels=AUDIT_ACTION_LABELS
    )


# --- reporting: everyone's side ------------------------------------------------------------


def _report(kind: str, back_url: str, subject: Any, **target: Any) -> PageResult:
    """Show the report form for one posting, person or message, or send it."""
    form = ReportForm()
    if not form.validate_on_submit():
        status = 422 if request.method == "POST" else 200
        return render_template(
            "moderation/report.html", form=form, kind=kind, subject=subject, back_url=back_url
        ), status
    if (too_many := over_limit("report")) is not None:
        form.reason.errors = [*form.reason.errors, too_many]
        return render_template(
            "moderation/report.html", form=form, kind=kind, subject=subject, back_url=back_url
        ), 429
    attempt(
        lambda: services.report(db.session, current_user, reason=form.reason.data, **target),
        _("Bedankt voor uw klacht. Een moderator kijkt er zo snel mogelijk naar."),
        {
            CannotReportYourself: (
                _("Dit is van uzelf. U kunt alleen een klacht over iemand anders sturen."),
                "info",
            ),
            AlreadyReported: (
                _("U heeft hierover al een klacht gestuurd. Een moderator kijkt ernaar."),
                "info",
            ),
        },
    )
    return redirect(back_url)


@bp.route("/melden/oproep/<int:posting_id>", methods=["GET", "POST"])
@login_required
def report_posting(posting_id: int) -> PageResult:
    posting = services.reportable_posting(db.session, posting_id)
    if posting is None:
        abort(404)
    back_url = url_for("postings.detail", posting_id=posting.id)
    return _report("posting", back_url, posting, posting=posting)


@bp.route("/melden/persoon/<int:user_id>", methods=["GET", "POST"])
@login_required
def report_user(user_id: int) -> PageResult:
    user = db.get_or_404(User, user_id)
    back_url = url_for("accounts.person", user_id=user.id)
    return _report("user", back_url, user, user=user)


@bp.route("/melden/bericht/<int:message_id>", methods=["GET", "POST"])
@login_required
def report_message(message_id: int) -> PageResult:
    message = services.reportable_message(db.session, current_user, message_id)
    if message is None:
        abort(404)
    back_url = url_for("responses.conversation", response_id=message.response_id)
    return _report("message", back_url, message, message=message)
