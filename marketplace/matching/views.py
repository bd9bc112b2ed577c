"""STUB: to be built."""

from flask import Blueprint

bp = Blueprint("matching", __name__, url_prefix="/voor-u")


@bp.route("/", methods=["GET", "POST"])
def for_you(**kwargs):  # type: ignore[no-untyped-def]
    return "todo"

