"""STUB: to be built."""

from flask import Blueprint

bp = Blueprint("accounts", __name__, url_prefix="")


@bp.route("/inloggen", methods=["GET", "POST"])
def login(**kwargs):  # type: ignore[no-untyped-def]
    return "todo"


@bp.route("/uitloggen", methods=["GET", "POST"])
def logout(**kwargs):  # type: ignore[no-untyped-def]
    return "todo"


@bp.route("/registreren", methods=["GET", "POST"])
def register(**kwargs):  # type: ignore[no-untyped-def]
    return "todo"

