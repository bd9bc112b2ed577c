"""Pages for postings: browse and search, one posting, and the author's own postings."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from markupsafe import Markup
from werkzeug.wrappers import Response as WerkzeugResponse
from wtforms import SelectField

from marketplace.accounts.errors import ExpiredToken, InvalidToken
from marketplace.accounts.permissions import confirmed_required
from marketplace.categories import active_categories, active_category_choices
from marketplace.dayparts import slot_table_labels
from marketplace.errors import attempt, flash_refusal, form_page, success_redirect
from marketplace.extensions import db
from marketplace.geo import InvalidPostcode, UnknownPostcode
from marketplace.i18n import current_language
from marketplace.kept_renders import KeptRenders
from marketplace.page_cache import cached_fragment, cached_page
from marketplace.pagination import paginate
from marketplace.postings import presenters
from marketplace.postings.errors import InvalidPosting, NeedsNewDate, WrongPostingStatus
from marketplace.postings.forms import (
    NewPostingForm,
    PostingForm,
    SearchForm,
    form_values,
    show_service_error,
)
from marketplace.postings.models import Posting, PostingKind
from marketplace.postings.queries import (
    SORT_RELEVANCE,
    BrowseFilters,
    browse_query,
    neighbourhoods_with_postings,
    own_postings_query,
    with_distances,
)
from marketplace.postings.services import (
    can_edit,
    can_renew,
    close_posting,
    create_posting,
    edit_posting,
    get_managed_posting,
    get_visible_posting,
    is_republished,
    posting_for_renew_token,
    renew_posting,
    renew_posting_by_link,
)
from marketplace.rate_limits import over_limit
from marketplace.templating import render_public_part
from marketplace.timestamps import local_today

bp = Blueprint("postings", __name__, url_prefix="/oproepen")

# Pages further than this are never real; it also keeps OFFSET within what databases accept.

bp.add_app_template_filter(presenters.timing_text, "posting_timing")


def _managed_or_404(posting_id: int) -> Posting:
    posting = get_managed_posting(db.session, posting_id, current_user)
    if posting is None:
        abort(404)
    return posting


@bp.get("/")
@cached_page
def index() -> str:
    form = SearchForm(formdata=request.args)
    form.set_categories(active_category_choices(db.session, current_language()))
    form.set_neighbourhoods(neighbourhoods_with_postings(db.session, local_today()))
    profile = current_user.profile if current_user.is_authenticated else None
    if "postcode" not in request.args and profile is not None and profile.pc4:
        form.postcode.data = profile.pc4  # four digits are enough, and safe to share
    form.validate()
    origin = form.origin()
    filters = BrowseFilters(
        kind=form.value("kind"),
        category_slug=form.value("category"),
        words=form.words,
        origin=origin,
        max_km=form.max_km,
        sort=form.value("sort") or SORT_RELEVANCE,
        neighbourhood=form.value("wijk"),
        vacancy=form.vacancy_filters(),
    )
    active_filters = form.active_filters()
    is_filtered = bool(active_filters)
    return render_template(
        "postings/index.html",
        form=form,
        filter_form=_filter_form(form, active_filters),
        # The same for everyone with these filters (a logged-in person's postcode is one).
        results=cached_fragment(
            "postings.results",
            (request.full_path, filters, is_filtered),
            lambda: _results(filters, is_filtered),
        ),
        active_filters=active_filters,
    )


def _results(filters: BrowseFilters, is_filtered: bool) -> str:
    page = paginate(browse_query(filters, local_today()))
    return render_public_part(
        "postings/_results.html",
        page=page,
        postings=with_distances(page.items, filters.origin),
        is_filtered=is_filtered,
    )


_FILTER_FORMS = KeptRenders(size=256)


def _filter_form(form: SearchForm, active_filters: list[str]) -> Markup:
    """The filter form's HTML. It follows from the language and the form's state alone
    (each field's value, message and choices; no token, it is sent with GET), so it is
    rendered once per such state in this process: ten fields of WTForms and macros took
    a third of the page's time."""
    key = (
        current_language(),
        tuple(active_filters),
        *(
            (
                f.name,
                str(f.data),
                tuple(str(e) for e in f.errors),
                tuple((c.value, str(c.label)) for c in f.choices)
                if isinstance(f, SelectField)
                else None,
            )
            for f in form
        ),
    )
    return _FILTER_FORMS.get(
        key,
        lambda: Markup(
            render_template("postings/_filters.html", form=form, chosen=active_filters).lstrip()
        ),
    )


def _render_form(template: str, form: PostingForm, status: int, **context: Any) -> Any:
    return render_template(
        template,
        form=form,
        **slot_table_labels(),
        **context,
    ), status


@bp.route("/nieuw", methods=["GET", "POST"])
@confirmed_required
def new() -> Any:
    profile = current_user.profile
    kind = request.args.get("kind")
    form = NewPostingForm(
        kind=kind if kind in (PostingKind.REQUEST, PostingKind.OFFER) else PostingKind.REQUEST,
        postcode=profile.postcode if profile else None,
    )
    form.set_categories(active_categories(db.session), current_language())
    if not form.validate_on_submit():
        return _render_form("postings/new.html", form, 422 if form.is_submitted() else 200)
    if (too_many := over_limit("posting")) is not None:
        form.form_errors.append(too_many)
        return _render_form("postings/new.html", form, 429)
    try:
        posting = create_posting(db.session, current_user, form.posting_data(form.kind.data))
    except (InvalidPosting, InvalidPostcode, UnknownPostcode) as error:
        show_service_error(form, error)
        return _render_form("postings/new.html", form, 422)
    return success_redirect(
        _(
            "Dank u wel. Een moderator kijkt uw oproep eerst na, meestal binnen een dag. "
            "Daarna kan iedereen hem zien. U krijgt bericht."
        ),
        url_for("postings.detail", posting_id=posting.id),
    )


@bp.get("/<int:posting_id>")
@cached_page
def detail(posting_id: int) -> str:
    return render_template("postings/detail.html", **_detail_context_or_404(posting_id))


def _viewer() -> Any:
    """Who looks: the logged-in person, or None for a visitor."""
    return current_user if current_user.is_authenticated else None


def _detail_context_or_404(posting_id: int) -> dict[str, Any]:
    """What the posting's page shows, as far as the viewer may see it; 404 when not at all."""
    viewer = _viewer()
    posting = get_visible_posting(db.session, posting_id, viewer)
    if posting is None:
        abort(404)
    return presenters.detail_context(db.session, posting, viewer)


@bp.route("/<int:posting_id>/wijzigen", methods=["GET", "POST"])
@confirmed_required
def edit(posting_id: int) -> Any:
    posting = _managed_or_404(posting_id)
    if not can_edit(posting):
        flash(_("Deze oproep kunt u niet meer wijzigen."), "info")
        return redirect(url_for("postings.detail", posting_id=posting.id))
    form = PostingForm(data=form_values(posting))
    form.set_categories(active_categories(db.session), current_language())
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return _render_form("postings/edit.html", form, status, posting=posting)
    try:
        edit_posting(db.session, current_user, posting, form.posting_data(posting.kind))
    except (InvalidPosting, InvalidPostcode, UnknownPostcode) as error:
        show_service_error(form, error)
        return _render_form("postings/edit.html", form, 422, posting=posting)
    except WrongPostingStatus as error:
        flash_refusal(error, "info")
        return redirect(url_for("postings.detail", posting_id=posting.id))
    return success_redirect(
        _(
            "Uw wijziging is opgeslagen. Een moderator kijkt de oproep opnieuw na, "
            "meestal binnen een dag."
        ),
        url_for("postings.detail", posting_id=posting.id),
    )


@bp.post("/<int:posting_id>/afsluiten")
@login_required
def close(posting_id: int) -> WerkzeugResponse:
    posting = _managed_or_404(posting_id)
    attempt(
        lambda: close_posting(db.session, current_user, posting),
        _("Uw oproep is afgesloten. Niemand kan er nu nog op reageren."),
        {WrongPostingStatus: "info"},
    )
    return redirect(url_for("postings.detail", posting_id=posting.id))


@bp.post("/<int:posting_id>/verlengen")
@confirmed_required
def renew(posting_id: int) -> WerkzeugResponse:
    posting = _managed_or_404(posting_id)
    return _renew(lambda: renew_posting(db.session, current_user, posting), posting, "detail")


def _renew(renew: Callable[[], object], posting: Posting, landing: str) -> WerkzeugResponse:
    """Renewing, from the posting's page or the link in the e-mail: a date that has passed
    asks for a new one (the edit page); otherwise the person lands on ``landing``."""
    try:
        renew()
    except NeedsNewDate as error:
        flash_refusal(error, "info")
        return redirect(url_for("postings.edit", posting_id=posting.id))
    except WrongPostingStatus as error:
        flash_refusal(error, "info")
    else:
        db.session.commit()
        flash(_renewed_message(posting), "success")
    return redirect(url_for(f"postings.{landing}", posting_id=posting.id))


def _renewed_message(posting: Posting) -> str:
    if is_republished(posting):
        return _("Uw oproep is verlengd. Hij staat nu weer 30 dagen open.")
    return _(
        "Uw oproep is verlengd. Een moderator kijkt hem eerst na, meestal binnen een "
        "dag. Daarna staat hij weer 30 dagen open."
    )


@bp.route("/verlengen/<token>", methods=["GET", "POST"])
def renew_by_link(token: str) -> Any:
    """The one-click renew link from the expiry e-mail: no login, the signed token is the
    permission. GET only shows the button (mail scanners open links); POST renews."""
    try:
        posting = posting_for_renew_token(db.session, token)
    except ExpiredToken:
        return render_template("postings/renew_link_invalid.html", expired=True), 410
    except InvalidToken:
        return render_template("postings/renew_link_invalid.html", expired=False), 404
    form = FlaskForm()  # only the CSRF token: the one big button is the whole form
    if not form.validate_on_submit():
        return form_page(
            "postings/renew_by_link.html",
            form,
            posting=posting,
            token=token,
            can_renew=can_renew(posting),
        )
    return _renew(lambda: renew_posting_by_link(db.session, token), posting, "renewed")


@bp.get("/<int:posting_id>/verlengd")
def renewed(posting_id: int) -> str:
    """Where the renew link lands: a public posting's page for those not logged in."""
    posting = get_visible_posting(db.session, posting_id, _viewer())
    # None when it waits for a moderator again and the visitor is not logged in.
    return render_template("postings/renewed.html", posting=posting)


@bp.get("/mijn")
@login_required
def mine() -> str:
    return render_template("postings/mine.html", page=paginate(own_postings_query(current_user)))


# -- printing and the short link (issue 5: a notice for the hallway) ------------------------


@bp.get("/<int:posting_id>/afdrukken")
def print_posting(posting_id: int) -> str:
    """An A4 page to hang in the hallway: the posting, the help phone number, a short link."""
    context = _detail_context_or_404(posting_id)
    return render_template(
        "postings/print.html",
        # Without "https://": shorter to type from paper, and browsers add it themselves.
        short_url=(
            current_app.config["BASE_URL"].split("://", 1)[-1]
            + url_for("short_link", posting_id=posting_id)
        ),
        **context,
    )


def short_link(posting_id: int) -> WerkzeugResponse:
    """/o/<id>: short enough to type from a printed notice."""
    return redirect(url_for("postings.detail", posting_id=posting_id))


bp.record_once(
    lambda state: state.app.add_url_rule(
        "/o/<int:posting_id>", endpoint="short_link", view_func=short_link
    )
)
