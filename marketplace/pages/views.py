"""Pages that belong to no feature: home, about, the menu, language switch, demo mail
viewer."""

from __future__ import annotations

from email import policy
from email.parser import BytesParser
from pathlib import Path

from flask import Blueprint, abort, current_app, make_response, redirect, render_template, request
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from marketplace.extensions import db
from marketplace.i18n import LANGUAGE_COOKIE
from marketplace.pages.safe_redirect import safe_next_url
from marketplace.postings.services import latest_public_postings

bp = Blueprint("pages", __name__)


@bp.get("/")
def home() -> str:
    return render_template("pages/home.html", postings=latest_public_postings(db.session, 6))


@bp.get("/over")
def about() -> str:
    return render_template("pages/about.html")


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


def _mail_dir() -> Path:
    directory = current_app.config.get("MAIL_OUTBOX_DIR")
    if not directory:  # only in the embedded default, where mail is written to files
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
