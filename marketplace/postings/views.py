"""STUB: to be built."""

from flask import Blueprint

bp = Blueprint("postings", __name__, url_prefix="/oproepen")


@bp.route("/", methods=["GET", "POST"])
def index(**kwargs):  # type: ignore[no-untyped-def]
    return "todo"


@bp.route("/nieuw", methods=["GET", "POST"])
def new(**kwargs):  # type: ignore[no-untyped-def]
    return "todo"


@bp.route("/<int:posting_id>", methods=["GET", "POST"])
def detail(**kwargs):  # type: ignore[no-untyped-def]
    return "todo"


@bp.route("/mijn", methods=["GET", "POST"])
def mine(**kwargs):  # type: ignore[no-untyped-def]
    return "todo"

