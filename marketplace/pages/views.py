"""Pages that belong to no feature: home, about, the menu, language switch, the "grotere
letters" switch, robots.txt, and the mail viewer of development mode."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser
from pathlib import Path
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    has_request_context,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace.config import development_tools_enabled
from marketplace.extensions import db
from marketplace.i18n import LANGUAGE_COOKIE
from marketplace.page_cache import cached_page
from marketplace.postings.services import latest_public_postings
from marketplace.robots import robots_txt
from marketplace.safe_redirect import safe_next_url

bp = Blueprint("pages", __name__)

# "Grotere letters": remembered in a cookie for a year (no account needed, works without
# JavaScript: the switch is a form that posts here).
TEXT_SIZE_COOKIE = "text_size"
LARGE_TEXT = "large"


@bp.get("/")
@cached_page
def home() -> str:
    return render_template("pages/home.html", postings=latest_public_postings(db.session, 6))


@bp.get("/over")
def about() -> str:
    return render_template("pages/about.html")


@bp.get("/ik-wil-helpen")
def volunteer() -> str | WerkzeugResponse:
    """For a visitor: what happens when you help, in three lines, and an invitation to make
    an account (then the volunteer questions, then the postings that fit). Someone with an
    account goes on: to those questions when she did not answer them yet, else the list."""
    if current_user.is_authenticated:
        profile = current_user.profile
        if profile is None or not profile.wants_to_help:
            return redirect(url_for("profiles.helping"))
        return redirect(url_for("postings.index"))
    return render_template("pages/volunteer.html")


@bp.get("/menu")
def menu() -> str:
    """The whole main menu as a page: a phone's header shows only the first few items."""
    return render_template("pages/menu.html")


@bp.post("/taal")
def set_language() -> WerkzeugResponse:
    lang = request.form.get("lang", "")
    if lang not in current_app.config["LANGUAGES"]:
        abort(400)
    if current_user.is_authenticated:
        current_user.locale = lang
        db.session.commit()
    response = make_response(redirect(safe_next_url(request.form.get("next"))))
    response.set_cookie(
        LANGUAGE_COOKIE, lang, max_age=365 * 24 * 3600, samesite="Lax", httponly=True
    )
    return response


@bp.post("/letters")
def set_text_size() -> WerkzeugResponse:
    """Switch "grotere letters" on or off (``size`` = "large" or "normal")."""
    size = request.form.get("size", "")
    if size not in (LARGE_TEXT, "normal"):
        abort(400)
    response = make_response(redirect(safe_next_url(request.form.get("next"))))
    if size == LARGE_TEXT:
        response.set_cookie(
            TEXT_SIZE_COOKIE, LARGE_TEXT, max_age=365 * 24 * 3600, samesite="Lax", httponly=True
        )
    else:
        response.delete_cookie(TEXT_SIZE_COOKIE, samesite="Lax", httponly=True)
    return response


@bp.app_context_processor
def text_size() -> dict[str, Any]:
    """``large_text`` for the page's <html> class and the switch in the header."""
    if not has_request_context():
        return {"large_text": False}
    return {"large_text": request.cookies.get(TEXT_SIZE_COOKIE) == LARGE_TEXT}


@bp.get("/robots.txt")
def robots() -> WerkzeugResponse:
    """Search engines may index the pages about Buurthulp, never the pages about people."""
    response = make_response(robots_txt(current_app.url_map))
    response.mimetype = "text/plain"
    return response


def _mail_dir() -> Path:
    """The development mail viewer's folder; 404 outside development mode.

    Reset and confirmation links are in these mails: the viewer must never exist in
    production, whatever the mail settings are.
    """
    directory = current_app.config.get("MAIL_OUTBOX_DIR")
    if not development_tools_enabled(current_app.config) or not directory:
        abort(404)
    return Path(directory)


@bp.get("/demo/e-mails")
def mail_files() -> str:
    files = sorted(_mail_dir().glob("*.eml"), reverse=True)[:200]
    mails = []
    for path in files:
        message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        mails.append({"name": path.stem, "to": message["To"], "subject": message["Subject"]})
    return render_template("pages/mail_files.html", mails=mails)


@bp.get("/demo/e-mails/<name>")
def mail_file(name: str) -> str:
    path = _mail_dir() / f"{name}.eml"
    if "/" in name or name.startswith(".") or not path.is_file():
        abort(404)
    message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
    body = message.get_body(preferencelist=("plain",))
    return render_template(
        "pages/mail_file.html",
        message=message,
        body=body.get_content() if body else "",
    )
