"""STUB: to be built."""

from flask import Blueprint

bp = Blueprint("organisations", __name__, url_prefix="/organisaties")


@bp.route("/", methods=["GET", "POST"])
def index(**kwargs):  # type: ignore[no-untyped-def]
    return "todo"


@bp.route("/mijn", methods=["GET", "POST"])
def mine(**kwargs):  # type: ignore[no-untyped-def]
    return "todo"

