"""STUB: to be built."""

from flask import Blueprint

bp = Blueprint("profiles", __name__, url_prefix="/profiel")


@bp.route("/", methods=["GET", "POST"])
def edit(**kwargs):  # type: ignore[no-untyped-def]
    return "todo"

