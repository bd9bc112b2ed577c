"""STUB: to be built."""

from flask import Blueprint

bp = Blueprint("notifications", __name__, url_prefix="/meldingen")


@bp.route("/", methods=["GET", "POST"])
def index(**kwargs):  # type: ignore[no-untyped-def]
    return "todo"

